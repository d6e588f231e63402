import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { oracleAvailable, oraclePatch, oracleRoundTrip, oracleValidate } from '../helpers/oracle.js';

// The oracle's own contract: unpinned contracts are unavailable, refusals are results, usage errors throw.

const MINIMAL = 'version: v1alpha1\nmachine:\n    type: worker\ncluster: {}\n';

test('a contract without a pinned release is unavailable', () => {
  assert.is(oracleAvailable('v1.4'), false);
  assert.is(oracleAvailable('v9.99'), false);
});

test('oracle v1.13: refusals come back as { ok: false, error } with Talos’s message', () => {
  if (!oracleAvailable('v1.13')) {
    console.log('  skipped: no Talos oracle for v1.13 (needs Go; see scripts/build-oracle.sh)');
    return;
  }
  // fields without omitempty are printed with their zero values
  const zeroes = 'version: v1alpha1\nmachine:\n    type: worker\n    token: ""\n    certSANs: []\ncluster:\n    controlPlane: null\n';
  assert.equal(oracleRoundTrip('v1.13', MINIMAL), { ok: true, out: zeroes });
  const unknown = oracleRoundTrip('v1.13', `${MINIMAL}bogus: 1\n`);
  assert.ok(!unknown.ok && unknown.error.includes('unknown keys found during decoding'));
  const badPatch = oraclePatch('v1.13', MINIMAL, ['machine:\n  notAField: 1\n']);
  assert.ok(!badPatch.ok && badPatch.error.includes('notAField'));
  const metal = oracleValidate('v1.13', 'metal', MINIMAL);
  assert.is(metal.ok, false);
  assert.match(metal.error ?? '', 'install instructions are required in "metal" mode');
  assert.throws(() => oracleValidate('v1.13', 'space', MINIMAL), /exited 2/);
});

test.run();
