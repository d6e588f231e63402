import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseContract } from '../../src/core/contract.js';
import { TalgenError } from '../../src/core/errors.js';
import { encodeYaml, GoYamlScalar } from '../../src/emit/goyaml.js';
import { parseYamlText } from '../../src/load/yaml.js';
import { goDecodeLoaded } from '../../src/model/go-decode.js';
import { GO_INT_FIELDS, LIST_REWRITES, SELF_DECODING, type GoYamlDecoder } from '../../src/model/go-decode-rules.js';
import { normalizeDocument } from '../../src/model/normalize.js';
import { allDocSchemas, type JsonSchema } from '../../src/model/registry.js';
import { applyPatches, parsePatch, type Patch } from '../../src/patch/index.js';
import { loadTalconfig } from '../../src/talconfig/load.js';
import { loadRepo } from '../../src/compile/load-repo.js';
import { validateNodeConfigFile } from '../../src/validate/nodeconfig.js';
import { errorOf } from '../helpers/errors.js';

// Go decoding semantics (src/model/go-decode-rules.ts): one test per SCALAR_RULES row, per node-kind rule, per
// Talos self-decoding type family, and the two entry points (patch documents, talconfig).

type Doc = Record<string, any>;
const V113 = parseContract('v1.13');
const V112 = parseContract('v1.12');

/** Decode `value: <text>` into a field of the given schema. */
function field(schema: JsonSchema, text: string, decoder: GoYamlDecoder = 'v4'): unknown {
  const root: JsonSchema = { type: 'object', properties: { value: schema } };
  const loaded = parseYamlText(`value: ${text}\n`, 'f.yaml');
  return (goDecodeLoaded(loaded, root, decoder) as Doc).value;
}

const STRING = { type: 'string' };
const BOOL = { type: 'boolean' };
const INT = { type: 'integer' };
const FLOAT = { type: 'number' };
const ANY = { 'x-unstructured': true };

/** The first document of a strategic merge patch, decoded like Talos does. */
const patchDoc = (text: string): Doc => (parsePatch(text, 'p.yaml') as Extract<Patch, { kind: 'strategic' }>).docs[0] as Doc;

test('rule nil: ~, null and empty values set nothing; map values and list items of strings become ""', () => {
  for (const t of ['~', 'null', 'Null', 'NULL', '']) assert.is(field(STRING, t), null, t);
  assert.is(field(BOOL, '~'), null);
  const d = patchDoc('machine:\n  nodeLabels:\n    a: ~\n  certSANs: [x, ~]\n');
  assert.equal(d.machine.nodeLabels, { a: '' });
  assert.equal(d.machine.certSANs, ['x', '']);
});

test('rule text: any scalar into a Go string is its source text (never via a JS number or bool)', () => {
  const cases: [string, string][] = [
    ['true', 'true'],
    ['200', '200'],
    ['1.10', '1.10'],
    ['0x1F', '0x1F'],
    ['1e3', '1e3'],
    ['+1', '+1'],
    ['yes', 'yes'],
    ['2001-12-14', '2001-12-14'],
    ['"quoted\\tx"', 'quoted\tx'],
    ["'it''s'", "it's"],
    ['!!str 12', '12'],
    ['|\n  block', 'block\n'],
  ];
  for (const [src, want] of cases) assert.is(field(STRING, src), want, src);
});

test('rule bool value: true/True/TRUE and false/False/FALSE', () => {
  for (const t of ['true', 'True', 'TRUE']) assert.is(field(BOOL, t), true, t);
  for (const t of ['false', 'False', 'FALSE']) assert.is(field(BOOL, t), false, t);
});

test('rule yaml11-bool: y/yes/on (and n/no/off) in three spellings, quoted too, only for a bool field', () => {
  for (const t of ['y', 'Y', 'yes', 'Yes', 'YES', 'on', 'On', 'ON', '"yes"']) assert.is(field(BOOL, t), true, t);
  for (const t of ['n', 'N', 'no', 'No', 'NO', 'off', 'Off', 'OFF']) assert.is(field(BOOL, t), false, t);
  for (const t of ['yEs', 'oN', '1', '0', 'enabled']) assert.throws(() => field(BOOL, t), /cannot unmarshal !!(str|int) `.*` into bool/, t);
  assert.is(field(ANY, 'yes'), 'yes');
});

test('rule int value: Go base prefixes, legacy octal, underscores, signs; int64/uint64 overflow is refused', () => {
  const cases: [string, number][] = [
    ['0x1F', 31],
    ['0o17', 15],
    ['0777', 511],
    ['0b101', 5],
    ['1_000', 1000],
    ['+1', 1],
    ['-0x10', -16],
    ['0', 0],
  ];
  for (const [t, want] of cases) assert.is(field(INT, t), want, t);
  const big = field(INT, '9223372036854775807');
  assert.ok(big instanceof GoYamlScalar && big.value === '9223372036854775807');
  assert.throws(() => field(INT, '9223372036854775808'), /cannot unmarshal !!int `9223372...` into int/);
  assert.throws(() => field({ type: 'integer', 'x-filemode': true }, '-1'), /cannot unmarshal !!int `-1` into uint/);
  const e = errorOf(() => field(INT, '"12"'));
  assert.is(e.message, 'cannot unmarshal !!str `12` into int');
  assert.equal([e.line, e.col, e.path], [1, 8, 'value']);
});

test('integer kinds: a value the Go field type overflows is refused (vlanId uint16, uid int32), with the range in the hint', () => {
  const vlan = (id: string) =>
    patchDoc(`machine:\n  network:\n    interfaces:\n      - interface: eth0\n        vlans:\n          - vlanId: ${id}\n`).machine.network.interfaces[0]
      .vlans[0].vlanId;
  assert.is(vlan('4094'), 4094);
  const e = errorOf(() => vlan('70000'));
  assert.is(e.message, 'cannot unmarshal !!int `70000` into uint16');
  assert.match(e.hint ?? '', /from 0 to 65535/);
  assert.throws(() => vlan('-1'), /into uint16/);
  const uid = (v: string) => patchDoc(`apiVersion: v1alpha1\nkind: ContainerConfig\nname: x\nrunAs:\n  uid: ${v}\n`).runAs.uid;
  assert.is(uid('-1'), -1);
  assert.throws(() => uid('2147483648'), /cannot unmarshal !!int `2147483...` into int32/);
});

test('rule int-from-float: v4 takes a float only when nothing is lost, v3 truncates', () => {
  assert.is(field(INT, '2.0', 'v4'), 2);
  assert.throws(() => field(INT, '1.5', 'v4'), /cannot unmarshal !!float `1.5` into int/);
  assert.is(field(INT, '1.5', 'v3'), 1);
  assert.is(field(INT, '1e3', 'v3'), 1000);
});

test('rule float value and float-from-int', () => {
  assert.is(field(FLOAT, '.5'), 0.5);
  assert.is(field(FLOAT, '1_0.5'), 10.5);
  assert.is(field(FLOAT, '0x10'), 16);
  assert.throws(() => field(FLOAT, 'abc'), /cannot unmarshal !!str `abc` into float64/);
});

test('rule duration: time.Duration from a string; a bare 0 only in v4; other integers refused', () => {
  const dur = { type: 'string', 'x-scalar': true, format: 'go-duration', 'x-go': 'TimeBootTimeout' };
  assert.is(field(dur, '1m'), '1m');
  assert.is(field(dur, '0', 'v4'), '0');
  assert.throws(() => field(dur, '0', 'v3'), /cannot unmarshal !!int `0` into time\.Duration/);
  assert.throws(() => field(dur, '30', 'v4'), /into time\.Duration/);
  const d = patchDoc('machine:\n  time:\n    bootTimeout: 90s\n');
  assert.equal(
    normalizeDocument({ version: 'v1alpha1', ...d }, V113),
    normalizeDocument({ version: 'v1alpha1', machine: { time: { bootTimeout: '1m30s' } } }, V113),
  );
  const watchdog = patchDoc('apiVersion: v1alpha1\nkind: WatchdogTimerConfig\ndevice: /dev/watchdog0\ntimeout: 5m\n');
  assert.match(encodeYaml(normalizeDocument(watchdog, V113)), /\ntimeout: 5m0s\n/, 'multi-document durations print as Duration.String()');
});

test('rule port-or-range: a port number stays an integer, "lo-hi" stays text, out of range is refused', () => {
  const doc = (ports: string) => patchDoc(`apiVersion: v1alpha1\nkind: NetworkRuleConfig\nname: r\nportSelector:\n  ports: ${ports}\n`).portSelector.ports;
  assert.equal(doc('[80, 8000-8080]'), [80, '8000-8080']);
  assert.throws(() => doc('[70000]'), /cannot unmarshal !!int `70000` into network\.PortRange/);
});

test('rule value/time/text into free-form: go-yaml resolution, not the yaml core schema', () => {
  const cases: [string, unknown][] = [
    ['0777', 511],
    ['0o17', 15],
    ['1_000', 1000],
    ['.5', 0.5],
    ['+1', 1],
    ['yes', 'yes'],
    ['on', 'on'],
    ['0x1F', 31],
    ['1.10', 1.1],
    ['TRUE', true],
    ['"1"', '1'],
    ['.inf', Infinity],
    ['-.Inf', -Infinity],
  ];
  for (const [t, want] of cases) assert.is(field(ANY, t), want, t);
  assert.ok(Number.isNaN(field(ANY, '.NaN')));
  const ts = field(ANY, '2001-12-14');
  assert.ok(ts instanceof GoYamlScalar);
  assert.is(encodeYaml({ t: ts }), 't: 2001-12-14T00:00:00Z\n');
  assert.is(encodeYaml({ t: field(ANY, '2001-12-14 21:59:43.10') }), 't: 2001-12-14T21:59:43.1Z\n');
});

test('node kinds: a list or mapping where a scalar belongs (and a scalar for a list) is one refusal with position and path', () => {
  const e = errorOf(() => patchDoc('machine:\n  kubelet:\n    image:\n      - a\n'));
  assert.is(e.message, 'cannot unmarshal !!seq into string');
  assert.equal([e.file, e.line, e.col, e.path], ['p.yaml', 4, 7, 'machine.kubelet.image']);
  assert.match(e.hint ?? '', /takes a single string value, not a list/);
  const e2 = errorOf(() => patchDoc('machine:\n  install:\n    disk: {a: b}\n'));
  assert.is(e2.message, 'cannot unmarshal !!map into string');
  const e3 = errorOf(() => patchDoc('machine:\n  certSANs: a.example\n'));
  assert.is(e3.message, 'cannot unmarshal !!str `a.example` into []string');
  const e4 = errorOf(() => patchDoc('machine:\n  kubelet: yes\n'));
  assert.is(e4.message, 'cannot unmarshal !!str `yes` into v1alpha1.KubeletConfig');
});

test('Args (ArgValue): a scalar is its text, a list is strings, a mapping is refused like Talos', () => {
  const d = patchDoc('machine:\n  kubelet:\n    extraArgs:\n      rotate-server-certificates: true\n      max-pods: 200\n      feature-gates: [A=true, 1]\n');
  assert.equal(d.machine.kubelet.extraArgs, { 'rotate-server-certificates': 'true', 'max-pods': '200', 'feature-gates': ['A=true', '1'] });
  const e = errorOf(() => patchDoc('cluster:\n  apiServer:\n    extraArgs:\n      a: {b: c}\n'));
  assert.is(e.hint, 'arg value must be a string or list of strings');
  assert.equal([e.line, e.path], [4, 'cluster.apiServer.extraArgs.a']);
});

test('Args: a ~ value is "" while extraArgs are map[string]string (< v1.13), null as an ArgValue (≥ v1.13)', () => {
  const d = patchDoc('machine:\n  kubelet:\n    extraArgs:\n      a: ~\n');
  const args = (c: typeof V113) => ((normalizeDocument({ version: 'v1alpha1', ...d }, c) as Doc).machine.kubelet.extraArgs as Map<string, unknown>).get('a');
  assert.is(args(V112), '');
  assert.is(args(V113), null);
});

test('end to end: string fields from a patch are printed as strings ("true", "200", "1.10")', () => {
  const base = [{ version: 'v1alpha1', machine: { kubelet: {} } }];
  const [d] = applyPatches(
    base,
    [
      parsePatch(
        'machine:\n  kubelet:\n    extraArgs:\n      rotate-server-certificates: true\n      max-pods: 200\n  nodeLabels:\n    v: 1.10\n    hex: 0x1F\n',
        'p.yaml',
      ),
    ],
    { contract: V113 },
  );
  const text = encodeYaml(normalizeDocument(d, V113));
  assert.match(text, /rotate-server-certificates: "true"\n/);
  assert.match(text, /max-pods: "200"\n/);
  assert.match(text, /v: "1\.10"\n/);
  assert.match(text, /hex: "0x1F"\n/);
});

test('Talos self-decoding types: text types keep their text (MDMetadata 1.0, DiskSize digits, Endpoint, CEL, prefixes)', () => {
  const raid = patchDoc('apiVersion: v1alpha1\nkind: RAIDArrayConfig\nname: r\nmetadata: 1.0\n');
  assert.is(raid.metadata, '1.0');
  const d = patchDoc(
    'machine:\n  disks:\n    - device: /dev/sdb\n      partitions:\n        - size: 100000000\n  files:\n    - path: /x\n      permissions: 0644\n      content: x\n      op: create\n',
  );
  assert.is(d.machine.disks[0].partitions[0].size, '100000000');
  assert.is(d.machine.files[0].permissions, 420, 'FileMode is a uint32: 0644 is Go octal');
  const out = normalizeDocument({ version: 'v1alpha1', ...d }, V113) as Doc;
  assert.is(out.machine.disks[0].partitions[0].size, '100 MB');
  assert.is(encodeYaml({ p: out.machine.files[0].permissions }), 'p: 0o644\n');
});

test('ClusterInlineManifests: leading tabs and line breaks of contents are dropped, spaces kept', () => {
  const d = patchDoc('cluster:\n  inlineManifests:\n    - name: a\n      contents: "\\n\\t\\napiVersion: v1\\n"\n    - name: b\n      contents: "  kept"\n');
  assert.equal(d.cluster.inlineManifests, [
    { name: 'a', contents: 'apiVersion: v1\n' },
    { name: 'b', contents: '  kept' },
  ]);
});

test('SELF_DECODING, LIST_REWRITES and GO_INT_FIELDS name only Go fields the model has, and every x-scalar field is covered or free-form on purpose', () => {
  const fields = new Set<string>();
  const scalarFields = new Set<string>();
  const intFields = new Set<string>();
  for (const { root } of allDocSchemas()) {
    const walk = (s: any, goName: string | undefined, depth: number): void => {
      if (!s || typeof s !== 'object' || depth > 40) return;
      const g = s['x-go'] ?? goName;
      if (typeof s['x-go'] === 'string') fields.add(s['x-go']);
      if (s['x-scalar'] === true && g) scalarFields.add(g);
      if (s.type === 'integer' && g) intFields.add(g);
      for (const p of Object.values(s.properties ?? {})) walk(p, undefined, depth + 1);
      if (s.items) walk(s.items, g, depth + 1);
      if (s.additionalProperties && typeof s.additionalProperties === 'object') walk(s.additionalProperties, g, depth + 1);
    };
    walk(root, undefined, 0);
    for (const d of Object.values((root.$defs ?? {}) as Record<string, unknown>)) walk(d, undefined, 0);
  }
  for (const f of intFields) assert.ok(GO_INT_FIELDS[f], `integer field ${f} has no Go integer kind`);
  for (const f of Object.keys(GO_INT_FIELDS)) assert.ok(intFields.has(f), `${f} is not an integer field of the model`);
  const covered = new Set(SELF_DECODING.flatMap((t) => t.fields));
  for (const f of covered) assert.ok(fields.has(f), `${f} is not a field of the model`);
  for (const r of LIST_REWRITES) assert.ok(fields.has(r.field), `${r.field} is not a field of the model`);
  // Struct-like self-marshalers (EncryptionKeyNodeID is `{}` in YAML) decode as free-form values.
  const freeForm = [...scalarFields].filter((f) => !covered.has(f));
  assert.equal(freeForm, ['KeyNodeID']);
});

test('anchors, aliases and << merge keys: source text survives, explicit keys and earlier sources win', () => {
  const d = patchDoc('machine:\n  nodeAnnotations: &b\n    a: 1.10\n    b: on\n  nodeLabels:\n    <<: [{a: first, c: 0x1F}, *b]\n    b: explicit\n');
  assert.equal(d.machine.nodeLabels, { b: 'explicit', a: 'first', c: '0x1F' });
  assert.equal(d.machine.nodeAnnotations, { a: '1.10', b: 'on' });
  const e = errorOf(() => patchDoc('machine:\n  nodeLabels:\n    <<: plain\n'));
  assert.is(e.message, 'map merge requires map or sequence of maps as the value');
  assert.equal([e.line, e.col], [3, 9]);
});

test('$patch directives pass through whatever the field type, for the patcher to take out', () => {
  const d = patchDoc('machine:\n  network:\n    hostname:\n      $patch: delete\n  certSANs:\n    $patch: delete\n');
  assert.equal(d.machine, { network: { hostname: { $patch: 'delete' } }, certSANs: { $patch: 'delete' } });
});

test('talconfig: string fields keep their text (nodeLabels true, talosVersion 1.10, hostname 123) before validation', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'talgen-godecode-'));
  writeFileSync(
    join(dir, 'talconfig.yaml'),
    'clusterName: demo\ntalosVersion: 1.10\nkubernetesVersion: v1.33.0\nendpoint: https://10.0.0.10:6443\nnodes:\n  - hostname: 123\n    ipAddress: 10.0.0.11\n    controlPlane: yes\n    installDisk: /dev/sda\n    nodeLabels:\n      node.longhorn.io/create-default-disk: true\n      zone: ~\n    networkInterfaces:\n      - interface: eth0\n        mtu: 1.0\n    volumes:\n      - name: EPHEMERAL\n        provisioning:\n          maxSize: 1000\n    machineDisks:\n      - device: /dev/sdb\n        partitions:\n          - size: 1\n          - size: 10GB\n',
  );
  const r = await loadTalconfig({ configFile: join(dir, 'talconfig.yaml'), envFiles: [], processEnv: {} });
  assert.equal(
    r.issues.filter((f) => f.severity === 'error'),
    [],
  );
  assert.is(r.config.talosVersion, '1.10');
  const n = r.nodes[0] as Doc;
  assert.is(n.hostname, '123');
  assert.is(n.controlPlane, true);
  assert.equal(n.nodeLabels, { 'node.longhorn.io/create-default-disk': 'true', zone: '' });
  assert.is(n.networkInterfaces[0].mtu, 1);
  assert.is(n.volumes[0].provisioning.maxSize, '1000', 'block.Size reads its text (UnmarshalText), as in Talos documents');
  assert.equal(n.machineDisks[0].partitions, [{ size: '1' }, { size: '10GB' }], 'DiskSize reads a string: digits or a unit');
  const repo = await loadRepo({ configFile: join(dir, 'talconfig.yaml'), envFiles: [], secretFiles: [], strict: false, onWarning: () => {}, processEnv: {} });
  assert.is(repo.cluster.talosVersion, 'v1.10', 'genconfig reads talosVersion 1.10 as written, not as the number 1.1');
  assert.equal(repo.nodes[0]!.nodeLabels, { 'node.longhorn.io/create-default-disk': 'true', zone: '' });
  writeFileSync(join(dir, 'talconfig.yaml'), 'clusterName: demo\nnodes:\n  - hostname: [a]\n');
  const e = await loadTalconfig({ configFile: join(dir, 'talconfig.yaml'), envFiles: [], processEnv: {} }).then(
    () => undefined,
    (x: unknown) => x as TalgenError,
  );
  assert.ok(e instanceof TalgenError);
  assert.is(e.message, 'cannot unmarshal !!seq into string');
  assert.equal([e.line, e.col, e.path], [3, 15, 'nodes[0].hostname']);
});

test('validate nodeconfig decodes each document like Talos: a list in a string field is refused at its line', () => {
  const dir = mkdtempSync(join(tmpdir(), 'talgen-godecode-'));
  const file = join(dir, 'node.yaml');
  writeFileSync(file, 'version: v1alpha1\nmachine:\n  type: worker\n  kubelet:\n    image: [a, b]\n');
  const e = errorOf(() => validateNodeConfigFile(file, 'metal', false));
  assert.is(e.message, 'cannot unmarshal !!seq into string');
  assert.equal([e.file, e.line, e.col, e.path], [file, 5, 12, 'machine.kubelet.image']);
});

test.run();
