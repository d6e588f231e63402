import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseContract } from '../../src/core/contract.js';
import { generateSecretsBundle, loadSecretsBundle, secretsFromControlPlaneConfig } from '../../src/secrets/index.js';
import { generatedBundle, generatedBundleFile } from '../helpers/bundles.js';
import { run, talgenMain, tmp } from '../helpers/cli.js';
import { needTool } from '../helpers/shared.js';

/** Tests that check with the real `openssl`: `test`, or uvu's `test.skip` where it is not installed. */
const withOpenssl = needTool('openssl', 'checks with the real openssl') ? test : test.skip;

const unb64 = (s: string) => Buffer.from(s, 'base64').toString('utf8');
const bundle = generatedBundle('v1.13');
const dir = tmp();
const write = (name: string, text: string) => {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
};

withOpenssl('every CA passes openssl verify and shows the Talos profile', () => {
  const cas = { etcd: 'O = etcd', k8s: 'O = kubernetes', k8saggregator: '', os: 'O = talos' } as const;
  for (const [name, subject] of Object.entries(cas)) {
    const crt = write(`${name}.crt`, unb64((bundle.certs as unknown as Record<string, { crt: string }>)[name]!.crt));
    const v = run('openssl', ['verify', '-CAfile', crt, crt]);
    assert.is(v.code, 0, `${name}: ${v.stderr}`);
    const text = run('openssl', ['x509', '-in', crt, '-noout', '-text']).stdout;
    assert.match(text, /X509v3 Key Usage: critical\s+Digital Signature, Certificate Sign/);
    assert.match(text, /Extended Key Usage: \s*\n\s+TLS Web Server Authentication, TLS Web Client Authentication/);
    assert.match(text, /Basic Constraints: critical\s+CA:TRUE\n/);
    const skid = /Subject Key Identifier: \s*\n\s+([0-9A-F:]+)/.exec(text)?.[1] ?? '';
    assert.is(skid.split(':').length, 20, `${name} SKID is 20 bytes`);
    assert.not.match(text, /Authority Key Identifier/);
    assert.match(text, new RegExp(`Subject: ${subject}\\s*\\n`));
    const dates = run('openssl', ['x509', '-in', crt, '-noout', '-startdate', '-enddate']).stdout;
    const [start, end] = dates
      .trim()
      .split('\n')
      .map((l) => new Date(l.split('=')[1]!).getTime());
    assert.is((end! - start!) / 3600_000, 87600);
    assert.match(text, name === 'os' ? /Public Key Algorithm: ED25519/ : /Public Key Algorithm: id-ecPublicKey[\s\S]*NIST CURVE: P-256/);
  }
});

withOpenssl('keys carry Talos PEM labels and parse with openssl', () => {
  assert.match(unb64(bundle.certs.os.key), /^-----BEGIN ED25519 PRIVATE KEY-----\n/);
  assert.match(unb64(bundle.certs.etcd.key), /^-----BEGIN EC PRIVATE KEY-----\n/);
  const sa = unb64(bundle.certs.k8sserviceaccount.key);
  assert.match(sa, /^-----BEGIN RSA PRIVATE KEY-----\n/);
  const rsa = run('openssl', ['rsa', '-in', write('sa.key', sa), '-check', '-noout', '-text']);
  assert.is(rsa.code, 0, rsa.stderr);
  assert.match(rsa.stdout, /Private-Key: \(4096 bit/);
  assert.is(run('openssl', ['ec', '-in', write('etcd.key', unb64(bundle.certs.etcd.key)), '-check', '-noout']).code, 0);
  // Talos ≤ v1.6 bundles use an ECDSA service account key.
  assert.match(unb64(generateSecretsBundle(parseContract('v1.6')).certs.k8sserviceaccount.key), /^-----BEGIN EC PRIVATE KEY-----/);
});

test('secrets are extracted from a rendered control plane config (v1.13 and v1.14 layouts)', async () => {
  const d = tmp();
  for (const v of ['v1.13', 'v1.14']) {
    const s = generatedBundleFile(v);
    const r = await talgenMain(['gen', 'config', 'c', 'https://10.0.0.1:6443', '--with-secrets', s, '--talos-version', v, '-o', join(d, v)]);
    assert.is(r.code, 0, r.stderr);
    const back = secretsFromControlPlaneConfig(readFileSync(join(d, v, 'controlplane.yaml'), 'utf8'), 'controlplane.yaml');
    assert.equal(back, loadSecretsBundle(readFileSync(s, 'utf8'), s));
    assert.throws(() => secretsFromControlPlaneConfig(readFileSync(join(d, v, 'worker.yaml'), 'utf8'), 'worker.yaml'), /worker config/);
  }
});

test.run();
