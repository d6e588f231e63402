import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parseContract } from '../../src/core/contract.js';
import { TalgenError } from '../../src/core/errors.js';
import { encodeYaml, goFloatScalar, GoYamlScalar } from '../../src/emit/goyaml.js';
import { SELF_DECODING, type GoTextEncoding } from '../../src/model/go-decode-rules.js';
import { encodingOf, reencode } from '../../src/model/go-reencode.js';
import { canonicalAddr, canonicalAddrPort, canonicalPrefix } from '../../src/model/netip.js';
import { normalizeDocument } from '../../src/model/normalize.js';
import { applyPatches, parsePatch } from '../../src/patch/index.js';

// What Talos writes back for the self-decoding Go types (SELF_DECODING's `encodes` column): one test per
// encoding, plus the netip parsers' refusals and the JSON-number text of RFC 6902 values.

type Doc = Record<string, any>;
const V113 = parseContract('v1.13');

const ok = (text: string) => ({ ok: true, text });

function errorOf(fn: () => unknown): TalgenError {
  try {
    fn();
  } catch (e) {
    if (e instanceof TalgenError) return e;
    throw e;
  }
  throw new Error('expected a TalgenError, got none');
}

test('every encoding of SELF_DECODING prints a canonical form, and fields find theirs', () => {
  // each encoding prints a canonical form: re-encoding its own output changes nothing
  const inputs: Record<GoTextEncoding, unknown> = {
    'as-written': 'x',
    addr: 'FE80::0:1',
    prefix: '2001:DB8::/32',
    'addr-port': '[::0]:080',
    'hardware-addr': 'AABB',
    'enum-name': 'Main',
    url: 'HTTP://x',
    duration: '90s',
    'disk-size': '1000MB',
  };
  for (const e of new Set(SELF_DECODING.map((r) => r.encodes))) {
    const once = reencode(e, inputs[e], {}, 'p');
    assert.equal(reencode(e, once, {}, 'p'), once, e);
  }
  assert.is(encodingOf({ 'x-go': 'RouteGateway', 'x-scalar': true }), 'addr');
  assert.is(encodingOf({ format: 'go-duration', type: 'string' }), 'duration');
});

test('addr: netip.Addr prints RFC 5952 text, IPv4-mapped and zoned forms as Go does', () => {
  assert.equal(canonicalAddr('2001:0DB8:0000:0000:0000:0000:0000:0001'), ok('2001:db8::1'));
  assert.equal(canonicalAddr('0:0:0:0:0:0:0:1'), ok('::1'));
  assert.equal(canonicalAddr('::'), ok('::'));
  // a single zero group is not compressed; the first of two equal runs is
  assert.equal(canonicalAddr('2001:db8:0:1:1:1:1:1'), ok('2001:db8:0:1:1:1:1:1'));
  assert.equal(canonicalAddr('2001:0:0:1:0:0:0:1'), ok('2001:0:0:1::1'));
  assert.equal(canonicalAddr('1:0:0:2:0:0:3:4'), ok('1::2:0:0:3:4'));
  assert.equal(canonicalAddr('::FFFF:10.0.0.1'), ok('::ffff:10.0.0.1'));
  assert.equal(canonicalAddr('::10.0.0.1'), ok('::a00:1'));
  assert.equal(canonicalAddr('FE80::0001%eth0'), ok('fe80::1%eth0'));
  assert.equal(canonicalAddr('10.0.0.1'), ok('10.0.0.1'));
  for (const bad of ['10.0.0.01', '10.0.0', '10.0.0.256', '1::2::3', '1:2:3:4:5:6:7:8:9', '12345::', 'fe80::1%', 'host', '1:2:3:4:5:6:7::8']) {
    assert.not.ok(canonicalAddr(bad).ok, bad);
  }
});

test('prefix: netip.Prefix keeps host bits and prints the canonical address', () => {
  assert.equal(canonicalPrefix('fdf6:d3fd:1748:0030::9/64'), ok('fdf6:d3fd:1748:30::9/64'));
  assert.equal(canonicalPrefix('2001:DB8:0::/32'), ok('2001:db8::/32'));
  assert.equal(canonicalPrefix('10.0.0.5/24'), ok('10.0.0.5/24'));
  assert.equal(canonicalPrefix('::ffff:10.0.0.1/120'), ok('::ffff:10.0.0.1/120'));
  for (const bad of ['10.0.0.0', '10.0.0.0/33', '10.0.0.0/08', '10.0.0.0/+8', 'fe80::1%eth0/64', '::/129']) assert.not.ok(canonicalPrefix(bad).ok, bad);
});

test('addr-port: netip.AddrPort brackets IPv6 and prints the port without leading zeros', () => {
  assert.equal(canonicalAddrPort('[2001:DB8::1]:0051820'), ok('[2001:db8::1]:51820'));
  assert.equal(canonicalAddrPort('10.0.0.1:51820'), ok('10.0.0.1:51820'));
  assert.equal(canonicalAddrPort('[fe80::1%eth0]:80'), ok('[fe80::1%eth0]:80'));
  for (const bad of ['2001:db8::1:80', '[10.0.0.1]:80', '10.0.0.1', '10.0.0.1:65536', '10.0.0.1:', ':80']) assert.not.ok(canonicalAddrPort(bad).ok, bad);
});

test('hardware-addr: hex bytes with colons ignored, printed lower-case and colon-separated', () => {
  assert.is(reencode('hardware-addr', '0011:22AA:BBCC', {}, 'p'), '00:11:22:aa:bb:cc');
  assert.is(reencode('hardware-addr', '00:01:00:01:2A:3B', {}, 'p'), '00:01:00:01:2a:3b');
  assert.match(errorOf(() => reencode('hardware-addr', '00-11-22-aa-bb-cc', {}, 'hardwareAddr')).message, /invalid byte: U\+002D '-'/);
  assert.match(errorOf(() => reencode('hardware-addr', '001', {}, 'p')).message, /odd length/);
});

test('enum-name: a name matched case-insensitively prints in the enum spelling', () => {
  assert.is(reencode('enum-name', 'Active-Backup', { enum: ['balance-rr', 'active-backup'] }, 'p'), 'active-backup');
  assert.is(reencode('enum-name', 'nope', { enum: ['balance-rr'] }, 'p'), 'nope');
  // Talos enum names without a list in the model are lower-case (RoutingTable, WOLMode, …); numbers stay
  assert.is(reencode('enum-name', 'Main', {}, 'p'), 'main');
  assert.is(reencode('enum-name', '100', {}, 'p'), '100');
});

test('url: the scheme is lower-cased, the rest kept', () => {
  assert.is(reencode('url', 'UDP://Example.com:514/a%2Fb?x=1#f', {}, 'p'), 'udp://Example.com:514/a%2Fb?x=1#f');
});

test('duration and disk-size: Duration.String() and the go-humanize size', () => {
  assert.is(reencode('duration', '90s', {}, 'p'), '1m30s');
  assert.is(reencode('duration', '0', {}, 'p'), '0s');
  assert.match(errorOf(() => reencode('duration', 30, {}, 'timeout')).hint ?? '', /duration/);
  assert.is(reencode('disk-size', '100GB', {}, 'p'), '100 GB');
  assert.is(reencode('disk-size', 1234, {}, 'p'), 1234);
});

test('as-written: CEL expressions, block sizes and port ranges keep their text', () => {
  assert.is(reencode('as-written', 'disk.size > 10u * GB', {}, 'p'), 'disk.size > 10u * GB');
});

test('normalizeDocument re-encodes scalars and list elements of these types, and names the path of a bad one', () => {
  const out = normalizeDocument(
    {
      apiVersion: 'v1alpha1',
      kind: 'BondConfig',
      name: 'bond0',
      links: ['eth1'],
      bondMode: 'Active-Backup',
      arpIpTargets: ['2001:DB8::1'],
      hardwareAddr: 'AABBCCDDEEFF',
    },
    V113,
  ) as Doc;
  assert.is(out.bondMode, 'active-backup');
  assert.equal(out.arpIpTargets, ['2001:db8::1']);
  assert.is(out.hardwareAddr, 'aa:bb:cc:dd:ee:ff');
  const e = errorOf(() => normalizeDocument({ apiVersion: 'v1alpha1', kind: 'LinkConfig', name: 'eth0', addresses: [{ address: '10.0.0.1' }] }, V113));
  assert.is(e.path, 'addresses[0].address');
  assert.match(e.message, /no '\/'/);
});

test('a self-decoding value Go cannot parse is refused when the patch is read, with file, line, column and path', () => {
  const text = 'apiVersion: v1alpha1\nkind: LinkConfig\nname: eth0\nroutes:\n  - gateway: 10.0.0.01\n';
  const e = errorOf(() => parsePatch(text, 'link.yaml'));
  assert.is(e.message, 'ParseAddr("10.0.0.01"): IPv4 field has octet with leading zero');
  assert.equal([e.file, e.line, e.col, e.path], ['link.yaml', 5, 14, 'routes[0].gateway']);
  assert.match(e.hint ?? '', /IP address/);
});

test('JSON numbers: Talos decodes the YAML go-yaml v2 printed for them, so typed fields read that text', () => {
  const patched = (path: string, value: string) => {
    const patch = parsePatch(`[{"op": "add", "path": "${path}", "value": ${value}}]`, `${path}-${value}.json`);
    return normalizeDocument(applyPatches([{ version: 'v1alpha1', machine: { type: 'worker' } }], [patch], { contract: V113 })[0], V113) as Doc;
  };
  const sysctl = (value: string) => patched('/machine/sysctls', `{"k": ${value}}`).machine.sysctls.get('k') as string;
  assert.is(sysctl('1000000.0'), '1e+06');
  assert.is(sysctl('1E-7'), '1e-07');
  assert.is(sysctl('1.0'), '1');
  assert.is(sysctl('100000.0'), '100000');
  assert.is(sysctl('true'), 'true');
  const file = (permissions: string) => `[{"path": "/var/a", "op": "create", "content": "x", "permissions": ${permissions}}]`;
  assert.is((patched('/machine/files', file('1e6')).machine.files[0].permissions as GoYamlScalar).value, '0o3641100');
  const e = errorOf(() => patched('/machine/files', file('0.5')));
  assert.is(e.message, 'after the RFC 6902 patch: cannot unmarshal !!float `0.5` into uint32');
  assert.is(e.path, 'machine.files[0].permissions');
  assert.is(errorOf(() => patched('/machine/files', file('"420"'))).message, 'after the RFC 6902 patch: cannot unmarshal !!str `420` into uint32');
});

test("goFloatScalar: a float keeps go-yaml's text where a JS number would print differently", () => {
  assert.is(
    encodeYaml({ a: goFloatScalar(1e6), b: goFloatScalar(1.0), c: goFloatScalar(-0), d: goFloatScalar(0.5), e: goFloatScalar(1e-7) }),
    'a: 1e+06\nb: 1\nc: -0\nd: 0.5\ne: 1e-07\n',
  );
});

test('free-form values keep pre-resolved scalars (timestamps, floats) as scalars', () => {
  const policy = {
    apiVersion: 'audit.k8s.io/v1',
    kind: 'Policy',
    t: new GoYamlScalar('2001-12-14T00:00:00Z', '!!timestamp'),
    f: new GoYamlScalar('1e+06', '!!float'),
  };
  const out = normalizeDocument({ version: 'v1alpha1', machine: { type: 'worker' }, cluster: { apiServer: { auditPolicy: policy } } }, V113) as Doc;
  const m = out.cluster.apiServer.auditPolicy as Map<string, unknown>;
  assert.ok(m.get('t') instanceof GoYamlScalar);
  assert.ok(m.get('f') instanceof GoYamlScalar);
});

test.run();
