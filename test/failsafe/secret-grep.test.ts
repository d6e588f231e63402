import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { encodeSecretsBundle } from '../../src/secrets/index.js';
import { generatedBundle } from '../helpers/bundles.js';
import { fixtureSecrets, leakedSecrets } from '../secret-grep.js';
import { ROOT } from '../helpers/shared.js';

test("the suite-wide secret grep knows the fixtures' secrets and names a leaked one by fixture and field", async () => {
  const cache = mkdtempSync(join(tmpdir(), 'talgen-grep-'));
  writeFileSync(join(cache, 'bundle-v1.13.yaml'), encodeSecretsBundle(generatedBundle('v1.13')));
  const secrets = await fixtureSecrets(ROOT, cache);
  const names = [...secrets.keys()];
  for (const f of ['cluster.id', 'cluster.secret', 'secrets.bootstraptoken', 'trustdinfo.token', 'certs.os.key']) {
    assert.ok(names.includes(`bundle-v1.13.yaml: ${f}`), f);
    assert.ok(names.includes(`examples/basic/talsecret.sops.yaml: ${f}`), `example ${f}`);
  }
  assert.not.ok(
    names.some((n) => n.endsWith('.crt')),
    'certificates are public',
  );
  assert.equal(leakedSecrets('nothing secret here\n', secrets), []);
  const token = secrets.get('examples/basic/talsecret.sops.yaml: trustdinfo.token')!;
  assert.equal(leakedSecrets(`a diff line: token: ${token}\n`, secrets), ['examples/basic/talsecret.sops.yaml: trustdinfo.token']);
});

test.run();
