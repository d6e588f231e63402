import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { oraclePins } from '../helpers/oracle.js';
import { ROOT } from '../helpers/shared.js';

// The oracle must judge the releases talgen's model is built from: every module file in oracle/ pins the
// machinery release RELEASE_REFS (scripts/talos-releases.mjs) names for its contract (set by scripts/pin-oracle.sh).

test('every oracle module file pins the release RELEASE_REFS names for its contract', async () => {
  const releases = pathToFileURL(join(ROOT, 'scripts', 'talos-releases.mjs')).href;
  const { RELEASE_REFS } = (await import(releases)) as { RELEASE_REFS: Record<string, string> };
  const pins = oraclePins();
  assert.ok(pins.size > 0, 'no oracle/go.vX.Y.mod found');
  for (const [contract, pin] of pins) {
    assert.is(pin, RELEASE_REFS[contract], `oracle/go.${contract}.mod: run scripts/pin-oracle.sh ${contract}`);
  }
});

test.run();
