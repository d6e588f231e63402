import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { X509Certificate } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { generatedBundle } from '../helpers/bundles.js';
import { buildTalosconfig, osCAFromBundle, parseTalosconfig, rebuildTalosconfig, reusableClientCert } from '../../src/talosconfig/index.js';
import { newCA, newClientCertificate } from '../../src/pki/talos-pki.js';
import { handshake } from '../helpers/tls.js';
import { run, tmp } from '../helpers/cli.js';
import { needTool } from '../helpers/shared.js';

/** Tests that check with the real `openssl`: `test`, or uvu's `test.skip` where it is not installed. */
const withOpenssl = needTool('openssl', 'checks with the real openssl') ? test : test.skip;

const unb64 = (s: string) => Buffer.from(s, 'base64').toString('utf8');
const bundle = generatedBundle('v1.13');
const os = bundle.certs.os;
const dir = tmp();
let n = 0;
const file = (text: string) => {
  const p = join(dir, `f${n++}.pem`);
  writeFileSync(p, text);
  return p;
};
// A fixed instant just after the bundle's CAs were made (their NotBefore is the real clock).
const NOW = new Date(Date.now() + 1500);
const DAY = 86400_000;

test('layout: go-yaml order, 4-space indent, endpoints never omitted, nodes only when set, base64 PEMs', () => {
  const text = buildTalosconfig({ contextName: 'homelab', endpoints: [], osCA: os, now: NOW });
  const m = /^context: homelab\ncontexts:\n {4}homelab:\n {8}endpoints: \[\]\n {8}ca: (\S+)\n {8}crt: (\S+)\n {8}key: (\S+)\n$/.exec(text);
  assert.ok(m, text);
  assert.is(m[1], os.crt, 'ca is the bundle OS CA as stored');
  assert.match(unb64(m[2]!), /^-----BEGIN CERTIFICATE-----\n/);
  assert.match(unb64(m[3]!), /^-----BEGIN ED25519 PRIVATE KEY-----\n[A-Za-z0-9+/=]{64}\n-----END ED25519 PRIVATE KEY-----\n$/);

  const full = buildTalosconfig({ contextName: 'homelab', endpoints: ['10.0.0.1', '10.0.0.2'], nodes: ['10.0.0.3'], osCA: os, now: NOW });
  assert.match(
    full,
    /^context: homelab\ncontexts:\n {4}homelab:\n {8}endpoints:\n {12}- 10\.0\.0\.1\n {12}- 10\.0\.0\.2\n {8}nodes:\n {12}- 10\.0\.0\.3\n {8}ca: \S+\n {8}crt: \S+\n {8}key: \S+\n$/,
  );
  assert.not.match(buildTalosconfig({ contextName: 'c', endpoints: [], nodes: [], osCA: os }), /nodes/);
});

test('the OS CA may be given as PEM text; the talosconfig still stores base64', () => {
  const pem = { crt: unb64(os.crt), key: unb64(os.key) };
  const tc = parseTalosconfig(buildTalosconfig({ contextName: 'c', endpoints: [], osCA: pem, now: NOW }))!;
  assert.is(tc.contexts.c!.ca, os.crt);
  const crt = new X509Certificate(unb64(tc.contexts.c!.crt!));
  assert.ok(crt.verify(new X509Certificate(pem.crt).publicKey));
});

withOpenssl('admin certificate: openssl verify against the OS CA as a client (not as a server), Talos profile', () => {
  const tc = parseTalosconfig(buildTalosconfig({ contextName: 'c1', endpoints: ['10.0.0.1'], osCA: os, roles: ['os:reader', 'os:admin'], now: NOW }))!;
  const ctx = tc.contexts.c1!;
  assert.equal(ctx.endpoints, ['10.0.0.1']);
  const ca = file(unb64(ctx.ca!));
  const crt = file(unb64(ctx.crt!));
  const v = run('openssl', ['verify', '-x509_strict', '-attime', String(Math.floor(NOW.getTime() / 1000) + 60), '-CAfile', ca, '-purpose', 'sslclient', crt]);
  assert.is(v.code, 0, v.stderr);
  assert.is.not(run('openssl', ['verify', '-attime', String(Math.floor(NOW.getTime() / 1000) + 60), '-CAfile', ca, '-purpose', 'sslserver', crt]).code, 0);
  const text = run('openssl', ['x509', '-in', crt, '-noout', '-text']).stdout;
  assert.match(text, /Subject: O = os:admin \+ O = os:reader\n/, 'roles sorted, one multi-valued RDN, no CN');
  assert.match(text, /Issuer: O = talos\n/);
  assert.match(text, /Signature Algorithm: ED25519/);
  assert.match(text, /Public Key Algorithm: ED25519/);
  assert.match(text, /Key Usage: critical\s+Digital Signature\n/);
  assert.match(text, /Extended Key Usage: \s*\n\s+TLS Web Client Authentication\n/);
  assert.not.match(text, /Basic Constraints|Subject Key Identifier|Alternative Name/);
  const akid = /Authority Key Identifier: \s*\n\s+(?:keyid:)?([0-9A-F:]+)/.exec(text)?.[1];
  const caSkid = /Subject Key Identifier: \s*\n\s+([0-9A-F:]+)/.exec(run('openssl', ['x509', '-in', ca, '-noout', '-text']).stdout)?.[1];
  assert.ok(caSkid);
  assert.is(akid, caSkid, 'AKID = the OS CA SKID');
  const x = new X509Certificate(unb64(ctx.crt!));
  const second = Math.floor(NOW.getTime() / 1000) * 1000;
  assert.is(new Date(x.validFrom).getTime(), second, 'NotBefore = now');
  assert.is(new Date(x.validTo).getTime(), second + 8760 * 3600_000, 'default TTL 8760h');
  assert.ok(BigInt(`0x${x.serialNumber}`) < 1n << 128n);
});

test('admin certificate: TTL and roles options; duplicate roles collapse', () => {
  const tc = parseTalosconfig(buildTalosconfig({ contextName: 'c', endpoints: [], osCA: os, roles: ['os:reader', 'os:reader'], ttlHours: 24, now: NOW }))!;
  const x = new X509Certificate(unb64(tc.contexts.c!.crt!));
  assert.is(new Date(x.validTo).getTime() - new Date(x.validFrom).getTime(), 24 * 3600_000);
  assert.equal(x.toLegacyObject().subject, Object.assign(Object.create(null), { O: 'os:reader' }));
});

test('real mutual TLS: the talosconfig client cert is accepted; a foreign CA cert and no cert are rejected', async () => {
  const ca = osCAFromBundle(os);
  const tc = parseTalosconfig(buildTalosconfig({ contextName: 'c1', endpoints: [], osCA: os }))!;
  const good = await handshake({ ca, clientCert: unb64(tc.contexts.c1!.crt!), clientKey: unb64(tc.contexts.c1!.key!) });
  assert.ok(good.ok, good.error);
  assert.is(good.authorized, true);
  assert.equal(good.subject, { O: 'os:admin' });
  const foreign = newCA({ keyType: 'ed25519', organization: 'talos', now: new Date(), skid: 'random' });
  const bad = newClientCertificate(foreign, { roles: ['os:admin'], ttlHours: 1, now: new Date() });
  const rejected = await handshake({ ca, clientCert: bad.cert.pem, clientKey: bad.key.pem });
  assert.not.ok(rejected.ok);
  assert.is(rejected.subject, undefined, 'the server never saw an authorised connection');
  assert.not.ok((await handshake({ ca })).ok);
});

test('an existing client cert is reused only when it still fits', () => {
  const text = buildTalosconfig({ contextName: 'c1', endpoints: [], osCA: os, roles: ['os:reader', 'os:admin'] });
  const ctx = parseTalosconfig(text)!.contexts.c1!;
  assert.equal(reusableClientCert(text, os, ['os:admin', 'os:reader']), { crt: ctx.crt!, key: ctx.key! }, 'same roles in any order');
  assert.ok(reusableClientCert(text, { crt: unb64(os.crt), key: unb64(os.key) }, ['os:reader', 'os:admin']), 'OS CA as PEM');
  assert.not.ok(reusableClientCert(text, os, ['os:admin']), 'fewer roles');
  assert.not.ok(reusableClientCert(text, os, ['os:admin', 'os:reader', 'os:operator']), 'more roles');
  assert.not.ok(reusableClientCert(text, generatedBundle('v1.12').certs.os, ['os:admin', 'os:reader']), 'other CA');
  assert.not.ok(reusableClientCert(text, os, ['os:admin', 'os:reader'], new Date(Date.now() + 340 * DAY)), 'less than 30 days left');
  assert.ok(reusableClientCert(text, os, ['os:admin', 'os:reader'], new Date(Date.now() + 330 * DAY)), 'still 35 days left');
  assert.not.ok(reusableClientCert(text, os, ['os:admin', 'os:reader'], new Date(Date.now() - DAY)), 'not valid yet');
  const short = buildTalosconfig({ contextName: 'c1', endpoints: [], osCA: os, ttlHours: 24 * 20 });
  assert.not.ok(reusableClientCert(short, os, ['os:admin']), 'issued with a 20 day TTL');
  const other = parseTalosconfig(buildTalosconfig({ contextName: 'c1', endpoints: [], osCA: os, roles: ['os:reader', 'os:admin'] }))!.contexts.c1!;
  assert.not.ok(reusableClientCert(text.replace(ctx.key!, other.key!), os, ['os:admin', 'os:reader']), 'key of another cert');
  assert.not.ok(reusableClientCert(text, os, ['os:admin', 'os:reader'], new Date(), 'nope'), 'context not present');
  assert.not.ok(reusableClientCert('context: [', os, ['os:admin']), 'unparsable talosconfig');
  assert.not.ok(reusableClientCert(text.replace(ctx.crt!, 'bm90IGEgY2VydA=='), os, ['os:admin', 'os:reader']), 'garbage certificate');
});

test('buildTalosconfig keeps a reusable client certificate byte for byte', () => {
  const first = buildTalosconfig({ contextName: 'c', endpoints: ['1.2.3.4'], osCA: os });
  const client = reusableClientCert(first, os, ['os:admin'])!;
  assert.is(buildTalosconfig({ contextName: 'c', endpoints: ['1.2.3.4'], osCA: os, client }), first);
});

test('rebuildTalosconfig: the file it wrote is kept byte for byte; any other file is read as YAML', () => {
  const o = { contextName: 'c', endpoints: ['1.2.3.4'], nodes: ['1.2.3.4', '1.2.3.5'], osCA: os };
  const first = buildTalosconfig(o);
  const client = parseTalosconfig(first)!.contexts.c!;
  assert.equal(rebuildTalosconfig(o, first), { text: first, kept: true }, 'its own output');
  const moved = rebuildTalosconfig({ ...o, endpoints: ['1.2.3.9'] }, first);
  assert.ok(moved.kept, 'another endpoint: read as YAML, the certificate still fits');
  assert.is(moved.text, buildTalosconfig({ ...o, endpoints: ['1.2.3.9'], client: { crt: client.crt!, key: client.key! } }));
  // a hand-edited file whose first crt line is not the context's: never taken for the written layout
  const edited = `# notes\nextra:\n        crt: bm90IGEgY2VydA==\n${first}`.replace('context: c\n', '');
  assert.is.not(rebuildTalosconfig(o, `context: c\n${edited}`).text, `context: c\n${edited}`, 'an edited file is rewritten');
  assert.ok(rebuildTalosconfig(o, `context: c\n${edited}`).kept, 'and its context certificate read from the YAML');
  const foreign = generatedBundle('v1.12').certs.os;
  const other = rebuildTalosconfig({ ...o, osCA: foreign }, first);
  assert.not.ok(other.kept, 'another OS CA: a new certificate');
  assert.is.not(parseTalosconfig(other.text)!.contexts.c!.crt, client.crt);
  assert.not.ok(rebuildTalosconfig(o, first, new Date(Date.now() + 340 * DAY)).kept, 'its own output, less than 30 days left');
  assert.not.ok(rebuildTalosconfig(o, undefined).kept, 'no file');
});

test.run();
