import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { talgenMain } from '../helpers/cli.js';

// What is printed where does not depend on the contract: v1.6's bundle has no RSA-4096 key to wait for.
const GENSECRET = ['gensecret', '--talos-version', 'v1.6'];

test('gensecret to a terminal warns on stderr like decrypt, and still prints the bundle', async () => {
  const r = await talgenMain(GENSECRET, { tty: true });
  assert.is(r.code, 0, r.stderr);
  assert.match(r.stdout, /^cluster:\n/);
  assert.is(r.stderr, 'warning: printing a plaintext secrets bundle to a terminal (-o FILE writes it with mode 0600, --encrypt SOPS-encrypts it)\n');
});

test('gensecret into a pipe or a file does not warn', async () => {
  const r = await talgenMain(GENSECRET, { tty: false });
  assert.is(r.code, 0, r.stderr);
  assert.match(r.stdout, /^cluster:\n/);
  assert.is(r.stderr, '');
});

test.run();
