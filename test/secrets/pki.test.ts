import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync, statSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { parseContract } from '../../src/core/contract.js';
import { TalgenError } from '../../src/core/errors.js';
import { encodeSecretsBundle, generateSecretsBundle, loadSecretsBundle, newToken, secretsFromControlPlaneConfig } from '../../src/secrets/index.js';
import { CONFORMANCE, readConformance } from '../helpers/shared.js';
import { run, talgen, tmp } from '../helpers/cli.js';

const unb64 = (s: string) => Buffer.from(s, 'base64').toString('utf8');
const bundle = generateSecretsBundle(parseContract('v1.13'));
const dir = tmp();
const write = (name: string, text: string) => {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
};

test('tokens are [0-9a-z]{6}.[0-9a-z]{16}', () => {
  for (let i = 0; i < 200; i++) assert.match(newToken(), /^[0-9a-z]{6}\.[0-9a-z]{16}$/);
  assert.match(bundle.secrets.bootstraptoken, /^[0-9a-z]{6}\.[0-9a-z]{16}$/);
  assert.match(bundle.trustdinfo.token, /^[0-9a-z]{6}\.[0-9a-z]{16}$/);
});

test('ids and secrets: 32 bytes; cluster id URL alphabet with padding (≤ v1.13), std from v1.14', () => {
  assert.is(Buffer.from(bundle.cluster.secret, 'base64').length, 32);
  assert.match(bundle.cluster.id, /^[A-Za-z0-9_-]{43}=$/);
  assert.match(generateSecretsBundle(parseContract('v1.14')).cluster.id, /^[A-Za-z0-9+/]{43}=$/);
});

test('every CA passes openssl verify and shows the Talos profile', () => {
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
    const [start, end] = dates.trim().split('\n').map((l) => new Date(l.split('=')[1]!).getTime());
    assert.is((end! - start!) / 3600_000, 87600);
    assert.match(text, name === 'os' ? /Public Key Algorithm: ED25519/ : /Public Key Algorithm: id-ecPublicKey[\s\S]*NIST CURVE: P-256/);
  }
});

test('keys carry Talos PEM labels and parse with openssl', () => {
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

test('bundle encoding round-trips byte for byte', () => {
  const text = encodeSecretsBundle(bundle);
  assert.is(encodeSecretsBundle(loadSecretsBundle(text, 's.yaml')), text);
  if (CONFORMANCE) {
    const golden = readConformance('talos', 'secrets', 'secrets.yaml');
    assert.is(encodeSecretsBundle(loadSecretsBundle(golden, 'secrets.yaml')), golden);
  }
});

const rejects = (text: string, re: RegExp, line?: number) => {
  try {
    loadSecretsBundle(text, 'bad.yaml');
    assert.unreachable('accepted a bad bundle');
  } catch (e) {
    assert.instance(e, TalgenError);
    assert.match((e as TalgenError).format(), re);
    if (line) assert.is((e as TalgenError).line, line);
  }
};

test('invalid-secrets.yaml fails naming the problems', () => {
  if (!CONFORMANCE) return;
  rejects(readConformance('talos', 'secrets', 'invalid-secrets.yaml'), /bad\.yaml:2:5: cluster\.secret: missing[\s\S]*trustdinfo: missing[\s\S]*certs\.os\.key: holds a "CERTIFICATE" PEM block/);
});

test('loader errors: unknown field, bad base64, bad PEM, wrong key type, key/cert mismatch', () => {
  const good = encodeSecretsBundle(bundle);
  rejects(good.replace('trustdinfo:', 'trustinfo:'), /unknown field \(did you mean "trustdinfo"\?\)/);
  rejects(good.replace(/(\n {4}secret: )\S+/, '$1not base64 !!'), /cluster\.secret: must be 32 bytes/);
  rejects(good.replace(/(\n {8}crt: )\S+/, `$1${Buffer.from('hello').toString('base64')}`), /certs\.etcd\.crt: does not decode to a PEM block/);
  const p = parse(good);
  p.certs.os.key = bundle.certs.etcd.key;
  rejects(encodeSecretsBundle(p), /certs\.os\.key: must be an Ed25519 key, found ecdsa-p256/);
  const q = parse(good);
  q.certs.k8s.key = bundle.certs.etcd.key;
  rejects(encodeSecretsBundle(q), /certs\.k8s\.key: does not belong to certs\.k8s\.crt/);
  rejects('cluster: [\n', /bad\.yaml:\d+:\d+/);
});

test('secrets are extracted from a rendered control plane config (v1.13 and v1.14 layouts)', () => {
  const d = tmp();
  for (const v of ['v1.13', 'v1.14']) {
    const s = write(`s-${v}.yaml`, encodeSecretsBundle(generateSecretsBundle(parseContract(v))));
    const r = talgen(['gen', 'config', 'c', 'https://10.0.0.1:6443', '--with-secrets', s, '--talos-version', v, '-o', join(d, v)]);
    assert.is(r.code, 0, r.stderr);
    const back = secretsFromControlPlaneConfig(readFileSync(join(d, v, 'controlplane.yaml'), 'utf8'), 'controlplane.yaml');
    assert.equal(back, loadSecretsBundle(readFileSync(s, 'utf8'), s));
    assert.throws(() => secretsFromControlPlaneConfig(readFileSync(join(d, v, 'worker.yaml'), 'utf8'), 'worker.yaml'), /worker config/);
  }
});

test('gensecret: stdout by default, -o writes 0600 and refuses to overwrite without --force', () => {
  const d = tmp();
  const out = talgen(['gensecret', '--talos-version', 'v1.12']);
  assert.is(out.code, 0, out.stderr);
  loadSecretsBundle(out.stdout, 'stdout');
  const f = join(d, 'talsecret.yaml');
  assert.is(talgen(['gensecret', '-o', f, '--talos-version', 'v1.6']).code, 0);
  assert.is(statSync(f).mode & 0o777, 0o600);
  const before = readFileSync(f, 'utf8');
  const again = talgen(['gensecret', '-o', f, '--talos-version', 'v1.6']);
  assert.is(again.code, 1);
  assert.match(again.stderr, /already exists; refusing to overwrite/);
  assert.not.match(again.stderr, /at .*\.js:\d+/, 'no stack trace');
  assert.is(readFileSync(f, 'utf8'), before);
  assert.is(talgen(['gensecret', '-o', f, '--force', '--talos-version', 'v1.6']).code, 0);
  assert.is.not(readFileSync(f, 'utf8'), before);
  for (const v of ['v1.4', 'v2.0', 'banana']) {
    const r = talgen(['gensecret', '--talos-version', v]);
    assert.is(r.code, 1, v);
    assert.match(r.stderr, /--talos-version: .*(not supported|not a Talos version)/, v);
  }
  assert.ok(existsSync(f));
});

test.run();
