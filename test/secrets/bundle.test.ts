import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { TalgenError } from '../../src/core/errors.js';
import { encodeSecretsBundle, loadSecretsBundle, newToken, secretsFromControlPlaneConfig } from '../../src/secrets/index.js';
import { needConformance, conformanceFile, readConformance, needTool } from '../helpers/shared.js';
import { generatedBundle } from '../helpers/bundles.js';
import { run, talgenMain, tmp } from '../helpers/cli.js';

/** Tests that check with the real `openssl`: `test`, or uvu's `test.skip` where it is not installed. */
const withOpenssl = needTool('openssl', 'checks with the real openssl') ? test : test.skip;

/** Tests on data Talos made (the conformance fixtures): `test`, or uvu's `test.skip` when the data is missing. */
const talosMade = needConformance('Talos-made bundles and configs') ? test : test.skip;

const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64');
const bundle = generatedBundle('v1.12');
const good = encodeSecretsBundle(bundle);
/** The stability bundle as Talos's yaml.Marshal writes it (the fixture adds one comment line on top). */
const stability = () => readConformance('talos', 'stability', 'secrets.yaml').replace(/^#.*\n/, '');

test('encoding: go-yaml key order, 4-space indent, crt before key, nothing else', () => {
  const skeleton = good.replace(/: \S+$/gm, ': X');
  assert.is(
    skeleton,
    [
      'cluster:',
      '    id: X',
      '    secret: X',
      'secrets:',
      '    bootstraptoken: X',
      '    secretboxencryptionsecret: X',
      'trustdinfo:',
      '    token: X',
      'certs:',
      ...['etcd', 'k8s', 'k8saggregator'].flatMap((n) => [`    ${n}:`, '        crt: X', '        key: X']),
      '    k8sserviceaccount:',
      '        key: X',
      '    os:',
      '        crt: X',
      '        key: X',
      '',
    ].join('\n'),
  );
  assert.is(encodeSecretsBundle(bundle), good, 'deterministic');
  assert.is(encodeSecretsBundle(loadSecretsBundle(good, 'a.yaml')), good, 'load + encode is the identity');
});

talosMade('both Talos-made bundles re-encode byte for byte', () => {
  assert.is(encodeSecretsBundle(loadSecretsBundle(stability(), 'secrets.yaml')), stability());
  const other = readConformance('talos', 'secrets', 'secrets.yaml');
  assert.is(encodeSecretsBundle(loadSecretsBundle(other, 'secrets.yaml')), other);
});

test('tokens: [0-9a-z]{6}.[0-9a-z]{16}, every one of the 36 characters is produced', () => {
  const seen = new Set<string>();
  for (let i = 0; i < 500; i++) {
    const t = newToken();
    assert.match(t, /^[0-9a-z]{6}\.[0-9a-z]{16}$/);
    for (const ch of t.replace('.', '')) seen.add(ch);
  }
  assert.is(seen.size, 36);
  assert.is.not(bundle.secrets.bootstraptoken, bundle.trustdinfo.token);
});

test('cluster id alphabet per contract; secrets are 32 random bytes', () => {
  for (const v of ['v1.5', 'v1.10', 'v1.13']) {
    const id = generatedBundle(v).cluster.id;
    assert.match(id, /^[A-Za-z0-9_-]{43}=$/, v);
    assert.is(Buffer.from(id, 'base64url').length, 32);
  }
  const std = generatedBundle('v1.14');
  assert.match(std.cluster.id, /^[A-Za-z0-9+/]{43}=$/);
  for (const s of [std.cluster.secret, std.secrets.secretboxencryptionsecret!]) assert.is(Buffer.from(s, 'base64').length, 32);
  assert.is(std.secrets.aescbcencryptionsecret, undefined);
});

const rejects = (text: string, expected: RegExp, where?: [number, number]) => {
  try {
    loadSecretsBundle(text, 'bad.yaml');
  } catch (e) {
    assert.instance(e, TalgenError);
    const msg = (e as TalgenError).format();
    assert.match(msg, expected);
    if (where) assert.ok(msg.startsWith(`bad.yaml:${where[0]}:${where[1]}: `), msg);
    assert.not.match(msg, /LS0tLS1CRUdJTi/, 'no secret material in the message');
    return;
  }
  assert.unreachable(`accepted: ${expected}`);
};

test('loader: missing fields name the field and the place it belongs', () => {
  rejects(good.replace(/\n {4}secret: \S+/, ''), /cluster\.secret: missing/, [1, 1]);
  rejects(good.replace(/(\n {4}etcd:\n {8}crt: \S+)\n {8}key: \S+/, '$1'), /certs\.etcd\.key: missing/, [10, 5]);
  rejects(good.replace(/\ntrustdinfo:\n {4}token: \S+/, ''), /trustdinfo: missing/);
  rejects(good.replace(/(\n {4}k8saggregator:\n {8}crt: )\S+/, '$1""'), /certs\.k8saggregator\.crt: missing/, [17, 14]);
});

test('loader: wrong YAML shapes and syntax', () => {
  rejects(good.replace(/id: \S+/, 'id: [1, 2]'), /cluster\.id: must be a string, found a list/, [2, 9]);
  rejects(good.replace(/\n {4}os:\n {8}crt: \S+\n {8}key: \S+/, '\n    os: x'), /certs\.os: must be a mapping with crt and key/, [21, 9]);
  rejects(
    good.replace('    k8sserviceaccount:\n        key:', '    k8sserviceaccount:\n        crt: eA==\n        key:'),
    /certs\.k8sserviceaccount\.crt: unknown field/,
    [20, 9],
  );
  rejects(good.replace('trustdinfo:', 'trustdinfo:\n    token: abcdef.0123456789abcdef'), /Map keys must be unique/, [9, 5]);
  rejects('- a\n', /secrets file must be a mapping/, [1, 1]);
  rejects('', /secrets file is empty/);
  rejects(good.replace(/(bootstraptoken: )\S+/, '$1ABCDEF.0123456789abcdef'), /secrets\.bootstraptoken: must look like/, [5, 21]);
  rejects(good.replace(/(\n {4}secret: )\S+/, '$1not base64 !!'), /cluster\.secret: must be 32 bytes, base64-encoded/, [3, 13]);
  rejects(good.replace(/(secretboxencryptionsecret: )\S+/, `$1${b64('short')}`), /secrets\.secretboxencryptionsecret: must be 32 bytes/, [6, 32]);
  rejects('cluster: [\n', /Flow sequence in block collection must be sufficiently indented and end with a \]/, [2, 1]);
});

withOpenssl('loader: bad base64, bad PEM, bad DER, wrong key types, key/cert mismatch', () => {
  const k8sCrt = /(\n {4}k8s:\n {8}crt: )\S+/;
  rejects(good.replace(k8sCrt, '$1abc*def'), /certs\.k8s\.crt: is not valid base64/, [14, 14]);
  rejects(good.replace(k8sCrt, `$1${b64('just text')}`), /certs\.k8s\.crt: does not decode to a PEM block/, [14, 14]);
  rejects(
    good.replace(k8sCrt, `$1${b64('-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n')}`),
    /certs\.k8s\.crt: is not a parsable X\.509 certificate/,
    [14, 14],
  );
  rejects(good.replace(k8sCrt, `$1${bundle.certs.k8s.key}`), /certs\.k8s\.crt: holds a "EC PRIVATE KEY" PEM block, expected CERTIFICATE/, [14, 14]);
  rejects(
    good.replace(/(\n {4}k8s:\n {8}crt: \S+\n {8}key: )\S+/, `$1${bundle.certs.etcd.key}`),
    /certs\.k8s\.key: does not belong to certs\.k8s\.crt/,
    [15, 14],
  );
  rejects(
    good.replace(/(\n {4}os:\n {8}crt: \S+\n {8}key: )\S+/, `$1${bundle.certs.etcd.key}`),
    /certs\.os\.key: must be an Ed25519 key, found ecdsa-p256/,
    [23, 14],
  );
  rejects(
    good.replace(/(k8sserviceaccount:\n {8}key: )\S+/, `$1${bundle.certs.os.key}`),
    /certs\.k8sserviceaccount\.key: must be an RSA or ECDSA P-256 key/,
    [20, 14],
  );
  // A traditional RSA-2048 key from openssl (the kind kubeadm PKI holds) is read and named by its size.
  const rsa = run('openssl', ['genrsa', '-traditional', '2048']);
  assert.is(rsa.code, 0, rsa.stderr);
  assert.match(rsa.stdout, /^-----BEGIN RSA PRIVATE KEY-----/);
  rejects(good.replace(/(\n {4}os:\n {8}crt: \S+\n {8}key: )\S+/, `$1${b64(rsa.stdout)}`), /certs\.os\.key: must be an Ed25519 key, found rsa-2048/);
  const sa = loadSecretsBundle(good.replace(/(k8sserviceaccount:\n {8}key: )\S+/, `$1${b64(rsa.stdout)}`), 'rsa.yaml');
  assert.is(Buffer.from(sa.certs.k8sserviceaccount.key, 'base64').toString('utf8'), rsa.stdout);
});

test('loader: several problems are all listed, the first one located', () => {
  const text = good.replace(/\n {4}secret: \S+/, '').replace('trustdinfo:', 'trustinfo:');
  rejects(
    text,
    /^bad\.yaml:1:1: cluster\.secret: missing\n {2}also: trustinfo: unknown field \(did you mean "trustdinfo"\?\) \(line 6\)\n {2}also: trustdinfo: missing/,
  );
});

talosMade('invalid-secrets.yaml (Talos test data) fails with every problem named', () => {
  // In file order; the missing trustdinfo section has no place and comes last.
  rejects(
    readConformance('talos', 'secrets', 'invalid-secrets.yaml'),
    new RegExp(
      [
        'cluster\\.secret: missing',
        'secrets\\.secretboxencryptionsecret: missing \\(or aescbcencryptionsecret for old bundles\\) \\(line 3\\)',
        'certs\\.k8saggregator: missing \\(line 5\\)',
        'certs\\.etcd\\.key: missing \\(line 6\\)',
        'certs\\.os\\.crt: missing \\(line 13\\)',
        'certs\\.os\\.key: holds a "CERTIFICATE" PEM block, expected a private key \\(line 14\\)',
        'trustdinfo: missing\\n',
      ].join('\\n  also: '),
    ),
    [1, 1],
  );
});

talosMade('extraction from Talos-rendered control plane configs gives back the bundle they were made from (v1.5 … v1.15)', () => {
  for (const v of ['v1.5', 'v1.7', 'v1.10', 'v1.12', 'v1.13', 'v1.14', 'v1.15']) {
    for (const kind of ['base', 'overrides']) {
      const text = readConformance('talos', 'stability', v, `${kind}-controlplane.yaml`);
      assert.is(encodeSecretsBundle(secretsFromControlPlaneConfig(text)), stability(), `${v} ${kind}`);
    }
    assert.throws(
      () => secretsFromControlPlaneConfig(readConformance('talos', 'stability', v, 'base-worker.yaml'), 'worker.yaml'),
      /worker config does not carry/,
    );
  }
});

talosMade('extraction errors point into the machine config', () => {
  const text = readConformance('talos', 'stability', 'v1.13', 'base-controlplane.yaml').replace(/\n {4}etcd:\n {8}ca:\n {12}crt: \S+\n {12}key: \S+/, '');
  assert.throws(
    () => secretsFromControlPlaneConfig(text, 'cp.yaml'),
    (e: unknown) => e instanceof TalgenError && /cp\.yaml.*certs\.etcd: missing/.test(e.format()),
  );
});

talosMade('gensecret -f, --from-controlplane-config, --from-configfile: the bundle of a Talos-rendered config; a worker config has none', async () => {
  const cp = conformanceFile('talos', 'stability', 'v1.14', 'base-controlplane.yaml');
  for (const flag of ['-f', '--from-controlplane-config', '--from-configfile']) {
    const r = await talgenMain(['gensecret', flag, cp]);
    assert.is(r.code, 0, `${flag}: ${r.stderr}`);
    assert.is(r.stdout, stability(), flag);
  }
  const worker = await talgenMain(['gensecret', '-f', conformanceFile('talos', 'stability', 'v1.13', 'base-worker.yaml')]);
  assert.is(worker.code, 1);
  assert.match(worker.stderr, /worker config does not carry the cluster secrets/);
});

test('gensecret: stdout, -o 0600 with no overwrite unless --force, --talos-version, a missing -f file', async () => {
  const d = tmp();
  const out = await talgenMain(['gensecret']);
  assert.is(out.code, 0, out.stderr);
  const fresh = loadSecretsBundle(out.stdout, 'stdout');
  assert.match(fresh.cluster.id, /^[A-Za-z0-9+/]{43}=$/, 'default = newest contract (std base64 cluster id)');
  assert.match(Buffer.from(fresh.certs.k8sserviceaccount.key, 'base64').toString('utf8'), /^-----BEGIN RSA PRIVATE KEY-----/);

  const f = join(d, 'sub', 'secrets.yaml');
  const w = await talgenMain(['gensecret', '-o', f, '--talos-version', 'v1.6']);
  assert.is(w.code, 0, w.stderr);
  assert.is(w.stdout, '');
  assert.is(statSync(f).mode & 0o777, 0o600);
  const before = readFileSync(f, 'utf8');
  assert.match(Buffer.from(loadSecretsBundle(before, f).certs.k8sserviceaccount.key, 'base64').toString('utf8'), /^-----BEGIN EC PRIVATE KEY-----/);
  const again = await talgenMain(['gensecret', '-o', f]);
  assert.is(again.code, 1);
  assert.match(again.stderr, /already exists; refusing to overwrite[\s\S]*hint: .*--force/);
  assert.is(readFileSync(f, 'utf8'), before, 'untouched');
  writeFileSync(f, before, { mode: 0o644 });
  // (v1.6 again: the overwrite does not depend on the contract, and a v1.6 bundle has no RSA-4096 key to wait for.)
  const forced = await talgenMain(['gensecret', '-o', f, '--force', '--talos-version', 'v1.6']);
  assert.is(forced.code, 0, forced.stderr);
  assert.is.not(readFileSync(f, 'utf8'), before);
  assert.is(statSync(f).mode & 0o777, 0o600, 'a forced overwrite is 0600 too');

  for (const v of ['v1.2', 'v2.0', 'banana']) {
    const r = await talgenMain(['gensecret', '--talos-version', v]);
    assert.is(r.code, 1, v);
    assert.match(r.stderr, /--talos-version: .*(not supported|not a Talos version)/, v);
    assert.match(r.stderr, /hint: /, v);
  }
  const missing = await talgenMain(['gensecret', '-f', join(d, 'nope.yaml')]);
  assert.is(missing.code, 1);
  assert.match(missing.stderr, /nope\.yaml.*machine config not found/);
});

test.run();
