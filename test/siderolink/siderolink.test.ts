import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { TalgenError } from '../../src/core/errors.js';
import { sideroLinkApiUrl, sideroLinkKernelArg } from '../../src/plan/siderolink.js';
import { talgenMain } from '../helpers/cli.js';
import { errorOf } from '../helpers/errors.js';
import { BASIC, atRelease, makeRepo } from '../genconfig/repo.js';

const at = { file: '/r/talconfig.yaml', line: 7, col: 3, path: 'controlPlane.sideroLink' };
const url = (spec: Parameters<typeof sideroLinkApiUrl>[0]) => {
  const warnings: string[] = [];
  return { url: sideroLinkApiUrl(spec, at, (w) => warnings.push(w)), warnings };
};

test('apiUrl + joinToken + grpcTunnel → the URL Talos reads (jointoken, grpc_tunnel query parameters)', () => {
  assert.equal(url({ apiUrl: 'https://omni.example.com:8090', joinToken: 'a+b/c d', grpcTunnel: true }), {
    url: 'https://omni.example.com:8090?jointoken=a%2Bb%2Fc+d&grpc_tunnel=true',
    warnings: [],
  });
  assert.equal(url({ apiUrl: 'https://omni.example.com/?jointoken=t' }), { url: 'https://omni.example.com/?jointoken=t', warnings: [] });
  assert.is(
    url({ apiUrl: 'https://omni.example.com/?jointoken=t', grpcTunnel: false }).url,
    'https://omni.example.com/?jointoken=t',
    'grpcTunnel: false adds nothing',
  );
  assert.is(sideroLinkKernelArg('https://o.example.com?jointoken=t'), 'siderolink.api=https://o.example.com?jointoken=t');
});

test('URL warnings: grpc:// has no TLS; no join token at all', () => {
  const g = url({ apiUrl: 'grpc://10.5.0.1:8090', joinToken: 't' });
  assert.is(g.url, 'grpc://10.5.0.1:8090?jointoken=t');
  assert.equal(g.warnings, [
    'controlPlane.sideroLink.apiUrl: grpc:// connects to the SideroLink API without TLS; the join token travels in clear text (use https:// unless the link itself is trusted)',
  ]);
  assert.equal(url({ apiUrl: 'https://omni.example.com' }).warnings, [
    'controlPlane.sideroLink: no join token (joinToken or ?jointoken=); the SideroLink server must accept machines without one',
  ]);
});

test('URL errors: scheme, path, no URL, a parameter given twice — located at the field', () => {
  const cases: [Parameters<typeof sideroLinkApiUrl>[0], RegExp][] = [
    [{ apiUrl: 'http://omni.example.com' }, /apiUrl: SideroLink apiUrl scheme must be https:\/\/ or grpc:\/\/, not http:\/\//],
    [{ apiUrl: 'https://omni.example.com/join' }, /apiUrl: SideroLink apiUrl path must be empty, not "\/join"/],
    [{ apiUrl: 'omni.example.com:8090' }, /apiUrl: SideroLink apiUrl scheme must be https:\/\/ or grpc:\/\/, not omni\.example\.com:\/\//],
    [{ apiUrl: 'not a url' }, /apiUrl: "not a url" is not a URL/],
    [{ apiUrl: 'https://o.example.com?jointoken=a', joinToken: 'b' }, /joinToken: joinToken is set and apiUrl already has \?jointoken=/],
    [{ apiUrl: 'https://o.example.com?grpc_tunnel=true', grpcTunnel: true }, /grpcTunnel: grpcTunnel is set and apiUrl already has \?grpc_tunnel=/],
  ];
  for (const [spec, msg] of cases) {
    const e = errorOf(() => url(spec), TalgenError);
    assert.match(e.format(), /^\/r\/talconfig\.yaml:7:3: controlPlane\.sideroLink\./);
    assert.match(e.format(), msg);
  }
});

const SIDEROLINK = `controlPlane:
  sideroLink:
    apiUrl: https://omni.example.com:8090
    joinToken: \${OMNI_JOIN_TOKEN}
    grpcTunnel: true
`;
const docsOf = (text: string) => parseAllDocuments(text).map((d) => d.toJS() as Record<string, unknown>);

test("genconfig: a SideroLinkConfig document for the group's nodes, the join token from talenv; workers untouched", async () => {
  const dir = makeRepo({ 'talconfig.yaml': `${BASIC}${SIDEROLINK}`, 'talenv.yaml': 'OMNI_JOIN_TOKEN: s3cr3t\n' });
  const r = await talgenMain(['genconfig'], { cwd: dir });
  assert.is(r.code, 0, r.stderr);
  assert.not.match(r.stderr, /sideroLink/, 'a known field: no unknown-field warning');
  const cp = docsOf(readFileSync(join(dir, 'clusterconfig', 'demo-cp1.yaml'), 'utf8'));
  assert.equal(
    cp.filter((d) => d.kind === 'SideroLinkConfig'),
    [{ apiVersion: 'v1alpha1', kind: 'SideroLinkConfig', apiUrl: 'https://omni.example.com:8090?jointoken=s3cr3t&grpc_tunnel=true' }],
  );
  assert.not.ok(docsOf(readFileSync(join(dir, 'clusterconfig', 'demo-w1.yaml'), 'utf8')).some((d) => d.kind === 'SideroLinkConfig'));
  const v = await talgenMain(['validate', 'nodeconfig', join(dir, 'clusterconfig', 'demo-cp1.yaml')], { cwd: dir });
  assert.is(v.code, 0, v.stdout + v.stderr);
});

test('genconfig: a contract without SideroLinkConfig (v1.4) is a located error, nothing written', async () => {
  const dir = makeRepo({ 'talconfig.yaml': `${atRelease(BASIC, 'v1.4.8')}${SIDEROLINK}`, 'talenv.yaml': 'OMNI_JOIN_TOKEN: s3cr3t\n' });
  const r = await talgenMain(['genconfig'], { cwd: dir });
  assert.is(r.code, 1, r.stderr);
  assert.match(
    r.stderr,
    /talconfig\.yaml:16:5: controlPlane\.sideroLink: SideroLinkConfig documents exist from Talos v1\.5; this cluster's talosVersion is v1\.4\n {2}hint: upgrade talosVersion, or boot the machine with the siderolink\.api=<url> kernel argument/,
  );
  assert.not.match(r.stderr, /s3cr3t/);
});

test('genurl image: the boot image schematic gets siderolink.api=<url>; the installer does not', async () => {
  const dir = makeRepo({ 'talconfig.yaml': `${BASIC}${SIDEROLINK}`, 'talenv.yaml': 'OMNI_JOIN_TOKEN: s3cr3t\n' });
  const schematicId = async (yaml: string) => {
    writeFileSync(join(dir, 'schematic.yaml'), yaml);
    return (await talgenMain(['schematic', 'id', 'schematic.yaml'], { cwd: dir })).stdout.trim();
  };
  const withArg = await schematicId(
    'customization:\n  extraKernelArgs:\n    - siderolink.api=https://omni.example.com:8090?jointoken=s3cr3t&grpc_tunnel=true\n',
  );
  const plain = await schematicId('{}\n');
  assert.match(withArg, /^[0-9a-f]{64}$/);
  const image = await talgenMain(['genurl', 'image', '-n', 'cp1'], { cwd: dir });
  assert.is(image.code, 0, image.stderr);
  assert.ok(image.stdout.includes(withArg), `${image.stdout} has ${withArg}`);
  const worker = await talgenMain(['genurl', 'image', '-n', 'w1'], { cwd: dir });
  assert.ok(worker.stdout.includes(plain), worker.stdout);
  const installer = await talgenMain(['genurl', 'installer', '-n', 'cp1'], { cwd: dir });
  assert.ok(installer.stdout.includes(plain), installer.stdout);
});

test.run();
