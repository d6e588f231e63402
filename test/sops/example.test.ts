import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { cpSync, existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { ROOT } from '../helpers/shared.js';
import { talgenMain, tmp } from '../helpers/cli.js';

/** examples/basic ships a SOPS-encrypted talsecret and talenv with a labelled public test key. */
const BASIC = join(ROOT, 'examples', 'basic');

test('examples/basic renders with its SOPS-encrypted talsecret and talenv and the example test key', async () => {
  const d = tmp();
  cpSync(BASIC, d, { recursive: true });
  const out = join(d, 'out');
  const key = join(d, 'age-test-key.txt');
  const secret = parse((await talgenMain(['decrypt', join(d, 'talsecret.sops.yaml')], { env: { SOPS_AGE_KEY_FILE: key } })).stdout) as {
    secrets: { bootstraptoken: string };
  };
  assert.ok(secret.secrets.bootstraptoken.length > 10);
  const r = await talgenMain(['genconfig', '-o', out], { cwd: d, env: { SOPS_AGE_KEY_FILE: key } });
  assert.is(r.code, 0, r.stderr);
  const cp = readdirSync(out).find((f) => /^homelab-cp1\.yaml$/.test(f));
  assert.ok(cp, `outputs: ${readdirSync(out).join(', ')}`);
  const text = readFileSync(join(out, cp!), 'utf8');
  assert.match(text, /clusterName: homelab/, 'talenv value substituted');
  assert.match(text, /https:\/\/192\.168\.1\.10:6443/);
  assert.ok(text.includes(secret.secrets.bootstraptoken), 'talsecret value used');
  assert.not.match(text, /ENC\[/);
});

test('examples/basic without its key: exit 1 naming the encrypted file, nothing written', async () => {
  const d = tmp();
  cpSync(BASIC, d, { recursive: true });
  const out = join(d, 'out');
  const r = await talgenMain(['genconfig', '-o', out], { cwd: d, env: { HOME: d } });
  assert.is(r.code, 1);
  assert.match(r.stderr, /\.sops\.yaml:\d+:\d+: SOPS decryption failed: no age key found to open this file \(its recipients: age1/);
  assert.not.ok(existsSync(join(out, 'homelab-cp1.yaml')));
});

test.run();
