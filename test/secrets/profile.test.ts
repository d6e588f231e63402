import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createHash, X509Certificate } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { parseContract } from '../../src/core/contract.js';
import { generateSecretsBundle, type SecretsBundle } from '../../src/secrets/index.js';
import { newClientCertificate } from '../../src/pki/talos-pki.js';
import { osCAFromBundle } from '../../src/talosconfig/index.js';
import { needConformance, needTool, readConformance } from '../helpers/shared.js';
import { BUNDLE_NOW, generatedBundle } from '../helpers/bundles.js';
import { run, tmp } from '../helpers/cli.js';

/** Tests on data Talos made (the conformance fixtures): `test`, or uvu's `test.skip` when the data is missing. */
/** Tests that check with the real `openssl`: `test`, or uvu's `test.skip` where it is not installed. */
const withOpenssl = needTool('openssl', 'checks with the real openssl') ? test : test.skip;
/** Tests on certificates Talos made (the conformance fixtures), compared with openssl: `withOpenssl`, or `test.skip` without the data. */
const talosMade = needConformance('Talos-made certificates') ? withOpenssl : test.skip;

/**
 * The PKI profile checked against certificates Talos itself generated (the conformance bundles) and with openssl:
 * the DER layout of every CA and key must match Talos's apart from the random/time-dependent values.
 */

const CAS = ['etcd', 'k8s', 'k8saggregator', 'os'] as const;
const dir = tmp();
const unb64 = (s: string) => Buffer.from(s, 'base64').toString('utf8');
let n = 0;
const file = (text: string) => {
  const p = join(dir, `f${n++}.pem`);
  writeFileSync(p, text);
  return p;
};
const NOW = BUNDLE_NOW;
const v110 = generatedBundle('v1.10');
const v113 = generatedBundle('v1.13');

/**
 * `openssl asn1parse` with offsets/lengths dropped and the values that differ between two certificates of the same
 * profile blanked: serial (the INTEGER right under TBSCertificate), times, key and signature bits, SKID bytes, EC key scalar.
 */
function shape(pem: string): string[] {
  const r = run('openssl', ['asn1parse', '-in', file(pem)]);
  assert.is(r.code, 0, r.stderr);
  return r.stdout
    .trim()
    .split('\n')
    .map((line) => {
      const m = /^\s*\d+:d=(\d+)\s+hl=\d+\s+l=\s*\d+\s+(prim|cons):\s*(.*?)\s*$/.exec(line);
      assert.ok(m, `unexpected asn1parse line ${line}`);
      const [, depth, kind, rest] = m;
      let v = rest!;
      if (depth === '2' && v.startsWith('INTEGER')) v = 'INTEGER <serial>';
      v = v.replace(/^(UTCTIME|GENERALIZEDTIME)\s*:.*/, '$1 <time>');
      v = v.replace(/^BIT STRING.*/, 'BIT STRING <bits>');
      v = v.replace(/^(OCTET STRING\s+\[HEX DUMP\]:0414)[0-9A-F]{40}$/, '$1<skid>');
      v = v.replace(/^(OCTET STRING\s+\[HEX DUMP\]:(?:0420)?)[0-9A-F]{64}$/, '$1<private key>');
      return `${depth} ${kind} ${v}`;
    });
}

const certsOf = (b: SecretsBundle) => b.certs as unknown as Record<string, { crt?: string; key: string }>;

talosMade('every CA and key has the DER layout of the CAs Talos generated (both conformance bundles)', () => {
  for (const fixture of [
    ['secrets', 'secrets.yaml'],
    ['stability', 'secrets.yaml'],
  ]) {
    const golden = parse(readConformance('talos', ...fixture)).certs as Record<string, { crt?: string; key: string }>;
    for (const name of CAS) {
      for (const ours of [v110, v113]) {
        assert.equal(shape(unb64(certsOf(ours)[name]!.crt!)), shape(unb64(golden[name]!.crt!)), `${fixture.join('/')} ${name}.crt`);
        assert.equal(shape(unb64(certsOf(ours)[name]!.key)), shape(unb64(golden[name]!.key)), `${fixture.join('/')} ${name}.key`);
      }
    }
  }
});

talosMade('the layout check notices a profile difference (a client leaf of the same CA is not shaped like the CA)', () => {
  const golden = parse(readConformance('talos', 'secrets', 'secrets.yaml')).certs.os.crt as string;
  const leaf = newClientCertificate(osCAFromBundle(v113.certs.os), { roles: ['os:admin'], ttlHours: 8760, now: NOW });
  assert.not.equal(shape(leaf.cert.pem), shape(unb64(golden)));
});

/** The SHA-1 of the subjectPublicKey bits, computed from Node's SPKI export (the key is the DER's tail). */
function sha1OfPublicKey(x: X509Certificate): string {
  const spki = x.publicKey.export({ type: 'spki', format: 'der' });
  const keyLen = x.publicKey.asymmetricKeyType === 'ed25519' ? 32 : 65;
  return createHash('sha1')
    .update(spki.subarray(spki.length - keyLen))
    .digest('hex');
}

function skidHex(pem: string): string {
  const out = run('openssl', ['x509', '-in', file(pem), '-noout', '-ext', 'subjectKeyIdentifier']).stdout;
  return (/\n\s+([0-9A-F:]+)/.exec(out)?.[1] ?? '').replace(/:/g, '').toLowerCase();
}

talosMade('the Talos-made bundle itself follows the SHA-1 SKID rule', () => {
  const golden = parse(readConformance('talos', 'stability', 'secrets.yaml')).certs.os.crt as string;
  assert.is(skidHex(unb64(golden)), sha1OfPublicKey(new X509Certificate(unb64(golden))), 'the fixture itself confirms the SHA-1 rule');
});

withOpenssl('SKID: SHA-1 of the public key up to v1.10 (as in the Talos-made bundle), 20 random bytes from v1.11', () => {
  for (const name of CAS) {
    const old = unb64(certsOf(v110)[name]!.crt!);
    assert.is(skidHex(old), sha1OfPublicKey(new X509Certificate(old)), `${name} v1.10`);
    const fresh = unb64(certsOf(v113)[name]!.crt!);
    const skid = skidHex(fresh);
    assert.is(skid.length, 40, `${name} v1.13 SKID is 20 bytes`);
    assert.is.not(skid, sha1OfPublicKey(new X509Certificate(fresh)), `${name} v1.13 SKID is not derived from the key`);
  }
  for (const contract of ['v1.11', 'v1.12', 'v1.14']) {
    const b = generatedBundle(contract);
    const crt = unb64(b.certs.etcd.crt);
    assert.is.not(skidHex(crt), sha1OfPublicKey(new X509Certificate(crt)), contract);
  }
});

test('one clock per bundle: NotBefore = now (whole seconds) on every CA, NotAfter = now + 87600h', () => {
  const seconds = Math.floor(NOW.getTime() / 1000) * 1000;
  for (const name of CAS) {
    const x = new X509Certificate(unb64(certsOf(v113)[name]!.crt!));
    assert.is(new Date(x.validFrom).getTime(), seconds, name);
    assert.is(new Date(x.validTo).getTime(), seconds + 87600 * 3600_000, name);
  }
});

withOpenssl('times as Go writes them: UTCTime before 2050, GeneralizedTime from 2050 on', () => {
  const late = generateSecretsBundle(parseContract('v1.6'), new Date('2045-06-01T00:00:00Z'));
  const times = run('openssl', ['asn1parse', '-in', file(unb64(late.certs.etcd.crt))]).stdout.match(/(UTCTIME|GENERALIZEDTIME)\s*:\S+/g);
  assert.equal(times, ['UTCTIME           :450601000000Z', 'GENERALIZEDTIME   :20550530000000Z']);
});

test('serials: random, positive, at most 128 bits; the four CAs of a bundle differ', () => {
  const serials = new Set<string>();
  for (const b of [v110, v113]) {
    for (const name of CAS) {
      const x = new X509Certificate(unb64(certsOf(b)[name]!.crt!));
      const serial = BigInt(`0x${x.serialNumber}`);
      assert.ok(serial > 0n && serial < 1n << 128n, `${name}: ${x.serialNumber}`);
      serials.add(x.serialNumber);
    }
  }
  assert.is(serials.size, 8);
  // Over 32 CAs at least one serial has its top bit set (Go then writes 17 DER bytes); 2^-32 chance of a false failure.
  const many = Array.from({ length: 8 }, () => generateSecretsBundle(parseContract('v1.6'), NOW));
  const bits = many.flatMap((b) => CAS.map((name) => BigInt(`0x${new X509Certificate(unb64(certsOf(b)[name]!.crt!)).serialNumber}`).toString(2).length));
  assert.ok(
    bits.some((l) => l === 128),
    `bit lengths ${bits.join(',')}`,
  );
});

withOpenssl('key encodings: Ed25519 PKCS#8 (48 bytes) under the Talos label, SEC1 P-256 (121 bytes), PKCS#1 RSA-4096; openssl reads them', () => {
  const der = (pem: string) => Buffer.from(pem.replace(/-----[A-Z0-9 ]+-----|\s/g, ''), 'base64');
  const os = unb64(v113.certs.os.key);
  assert.match(os, /^-----BEGIN ED25519 PRIVATE KEY-----\n[A-Za-z0-9+/=]{64}\n-----END ED25519 PRIVATE KEY-----\n$/);
  const osDer = der(os);
  assert.is(osDer.length, 48);
  assert.is(osDer.subarray(0, 16).toString('hex'), '302e020100300506032b657004220420');
  // openssl does not know the Talos label; the same DER under the standard PKCS#8 label must parse as ED25519.
  const pkey = run('openssl', ['pkey', '-in', file(os.replace(/ED25519 PRIVATE KEY/g, 'PRIVATE KEY')), '-noout', '-text']);
  assert.is(pkey.code, 0, pkey.stderr);
  assert.match(pkey.stdout, /ED25519 Private-Key/);
  for (const name of ['etcd', 'k8s', 'k8saggregator'] as const) {
    const pem = unb64(v113.certs[name].key);
    assert.match(pem, /^-----BEGIN EC PRIVATE KEY-----\n/);
    assert.is(der(pem).length, 121, name);
    const ec = run('openssl', ['ec', '-in', file(pem), '-check', '-noout', '-text']);
    assert.is(ec.code, 0, ec.stderr);
    assert.match(ec.stdout, /NIST CURVE: P-256/);
    assert.match(ec.stderr, /EC Key valid/);
  }
  const sa = unb64(v113.certs.k8sserviceaccount.key);
  for (const line of sa.trim().split('\n').slice(1, -2)) assert.is(line.length, 64, 'PEM body lines are 64 columns');
  const rsa = run('openssl', ['rsa', '-in', file(sa), '-check', '-noout', '-text']);
  assert.is(rsa.code, 0, rsa.stderr);
  assert.match(rsa.stdout, /RSA key ok/);
  assert.match(rsa.stdout, /Private-Key: \(4096 bit, 2 primes\)/);
  assert.match(rsa.stdout, /publicExponent: 65537/);
  // ≤ v1.6: ECDSA P-256 service account key.
  const old = unb64(generateSecretsBundle(parseContract('v1.6'), NOW).certs.k8sserviceaccount.key);
  assert.is(run('openssl', ['ec', '-in', file(old), '-check', '-noout']).code, 0);
});

withOpenssl('each certificate matches its own key and is self-signed (openssl verify with itself as the only trust anchor)', () => {
  for (const name of CAS) {
    const crt = file(unb64(certsOf(v110)[name]!.crt!));
    const v = run('openssl', ['verify', '-x509_strict', '-CAfile', crt, crt]);
    assert.is(v.code, 0, `${name}: ${v.stderr}`);
    const key = unb64(certsOf(v110)[name]!.key).replace(/ED25519 PRIVATE KEY/g, 'PRIVATE KEY');
    const fromCert = run('openssl', ['x509', '-in', crt, '-noout', '-pubkey']).stdout;
    const fromKey = run('openssl', ['pkey', '-in', file(key), '-pubout']).stdout;
    assert.is(fromKey, fromCert, name);
  }
  // A CA of another bundle is not a trust anchor for this one.
  const other = file(unb64(v113.certs.os.crt));
  assert.is.not(run('openssl', ['verify', '-CAfile', other, file(unb64(v110.certs.os.crt))]).code, 0);
});

test.run();
