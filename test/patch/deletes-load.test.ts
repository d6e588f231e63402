import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parseContract } from '../../src/core/contract.js';
import { applyPatches, loadPatches, parsePatch } from '../../src/patch/index.js';
import { splitDeletes } from '../../src/patch/deletes.js';
import { errorOf } from '../helpers/errors.js';

// `$patch: delete`, patch loading, RFC 6902, and every error the patch stage reports.

type Doc = Record<string, any>;
const V113 = parseContract('v1.13');
const V114 = parseContract('v1.14');

const patch = (base: unknown[], text: string, contract = V113, onWarning?: (m: string) => void): Doc[] =>
  applyPatches(base, [parsePatch(text, 'p.yaml')], { contract, onWarning }) as Doc[];

const mirror = (name: string, extra: Doc = {}): Doc => ({ apiVersion: 'v1alpha1', kind: 'RegistryMirrorConfig', name, ...extra });

test('errors in a multi-document patch point at file:line:col of the field in its own document', () => {
  const base = [{ version: 'v1alpha1', machine: { type: 'worker' } }];
  const text = 'machine:\n  install:\n    disk: /dev/sda\n---\napiVersion: v1alpha1\nkind: HostnameConfig\nhostnam: x\n';
  const e = errorOf(() => patch(base, text));
  assert.equal([e.file, e.line, e.col, e.path, e.message], ['p.yaml', 7, 1, 'hostnam', 'unknown field']);
  const e2 = errorOf(() => patch(base, 'machine:\n  install:\n    diskk: /dev/sda\n'));
  assert.equal([e2.line, e2.col, e2.path], [3, 5, 'machine.install.diskk']);
});

test('delete: a mapping key (struct field, present or not, and Go map key)', () => {
  const base = [{ version: 'v1alpha1', machine: { network: { hostname: 'h' }, nodeLabels: { a: '1', b: '2' } } }];
  const [d] = patch(
    base,
    'machine:\n  network:\n    hostname:\n      $patch: delete\n    nameservers:\n      $patch: delete\n  nodeLabels:\n    a:\n      $patch: delete',
  );
  assert.equal(d!.machine, { network: {}, nodeLabels: { b: '2' } });
});

test('delete: a missing Go map key or a nil pointer on the way fails the lookup (Talos text)', () => {
  const base = [{ version: 'v1alpha1', machine: { nodeLabels: { a: '1' } } }];
  const e = errorOf(() => patch(base, 'machine:\n  nodeLabels:\n    zz:\n      $patch: delete'));
  assert.is(e.message, "patch delete: path 'machine.nodeLabels.zz' in document '/v1alpha1': failed to delete path 'machine.nodeLabels.zz': lookup failed");
  assert.is(e.file, 'p.yaml');
  const e2 = errorOf(() => patch(base, 'machine:\n  install:\n    disk:\n      $patch: delete'));
  assert.match(e2.message, "failed to delete path 'machine.install.disk': lookup failed");
});

test('delete: list element selected by its first field; other items merge; only the first match goes', () => {
  const base = [
    { version: 'v1alpha1', machine: { network: { interfaces: [{ interface: 'eth0', mtu: 1 }, { interface: 'eth1' }, { interface: 'eth0', mtu: 2 }] } } },
  ];
  const [d] = patch(
    base,
    'machine:\n  network:\n    interfaces:\n      - interface: eth0\n        $patch: delete\n      - interface: eth1\n        dhcp: true',
  );
  assert.equal(d!.machine.network.interfaces, [
    { interface: 'eth1', dhcp: true },
    { interface: 'eth0', mtu: 2 },
  ]);
});

test('delete: a list element nothing matches fails the lookup, with its index in the path', () => {
  const base = [{ version: 'v1alpha1', machine: { network: { interfaces: [{ interface: 'eth0' }] } } }];
  const e = errorOf(() => patch(base, 'machine:\n  network:\n    interfaces:\n      - interface: eth9\n        $patch: delete'));
  assert.is(
    e.message,
    "patch delete: path 'machine.network.interfaces.[0]' in document '/v1alpha1': failed to delete path 'machine.network.interfaces.[0]': lookup failed",
  );
});

test('delete: named documents report "named patch delete"', () => {
  const base = [mirror('docker.io', { endpoints: [{ url: 'https://a' }] })];
  const e = errorOf(() =>
    patch(base, 'apiVersion: v1alpha1\nkind: RegistryMirrorConfig\nname: docker.io\nendpoints:\n  - url: https://zz\n    $patch: delete'),
  );
  assert.is(e.message, "named patch delete: document v1alpha1/RegistryMirrorConfig: failed to delete path 'endpoints.[0]': lookup failed");
  const [d] = patch(base, 'apiVersion: v1alpha1\nkind: RegistryMirrorConfig\nname: docker.io\nendpoints:\n  - url: https://a\n    $patch: delete');
  assert.equal(d!.endpoints, []);
});

test('delete: whole documents; the rest of the patch still applies', () => {
  const base = [{ version: 'v1alpha1', machine: { type: 'worker' } }, mirror('docker.io'), mirror('ghcr.io')];
  const out = patch(base, 'apiVersion: v1alpha1\nkind: RegistryMirrorConfig\nname: docker.io\n$patch: delete\n---\nmachine:\n  install:\n    disk: /dev/vda');
  assert.equal(
    out.map((d) => d.name ?? d.version),
    ['v1alpha1', 'ghcr.io'],
  );
  assert.equal(out[0]!.machine.install, { disk: '/dev/vda' });
});

test('delete: a document delete needs apiVersion and kind (so the v1alpha1 root cannot be deleted)', () => {
  const e = errorOf(() => parsePatchAndApply('version: v1alpha1\n$patch: delete'));
  assert.is(e.message, 'error processing patch delete statements: missing apiVersion in document for which $patch: delete is used');
  const e2 = errorOf(() => parsePatchAndApply('kind: HostnameConfig\nauto:\n  $patch: delete'));
  assert.is(e2.message, 'error processing patch delete statements: kind and apiVersion must be both set for path auto');
});

function parsePatchAndApply(text: string): unknown {
  return patch([{ version: 'v1alpha1', machine: {} }], text);
}

test('delete: a key inside a list element is refused', () => {
  const e = errorOf(() => parsePatchAndApply('machine:\n  network:\n    interfaces:\n      - interface: eth0\n        dhcp:\n          $patch: delete'));
  assert.is(e.message, "error processing patch delete statements: cannot delete an inner key in 'machine.network.interfaces.[0].dhcp'");
  const e2 = errorOf(() => parsePatchAndApply('machine:\n  certSANs:\n    - $patch: delete'));
  assert.is(e2.message, 'error processing patch delete statements: no key:val found in sequence node for path machine.certSANs.[0]');
});

test('delete: the decoder drops the whole marked mapping, emptied parents and version-only documents', () => {
  assert.equal(splitDeletes({ version: 'v1alpha1', machine: { network: { hostname: { $patch: 'delete', extra: 1 } } } }), {
    selectors: [{ apiVersion: '', kind: 'v1alpha1', path: ['machine', 'network', 'hostname'] }],
    rest: undefined,
  });
  const s = splitDeletes({
    apiVersion: 'v1alpha1',
    kind: 'X',
    name: 'n',
    list: [
      { $patch: 'delete', a: 'x' },
      { a: 'y', $patch: 'delete' },
    ],
    keep: 1,
  });
  assert.equal(s.selectors, [
    { apiVersion: 'v1alpha1', kind: 'X', name: 'n', path: ['list', '[0]'], key: 'a', value: 'x' },
    { apiVersion: 'v1alpha1', kind: 'X', name: 'n', path: ['list', '[0]'], key: 'a', value: 'y' },
  ]);
  assert.equal(s.rest, { apiVersion: 'v1alpha1', kind: 'X', name: 'n', keep: 1 });
});

test('delete of a missing document: skipped in v1.14 (nothing appended), refused before', () => {
  const base = [{ version: 'v1alpha1', machine: {} }];
  const text = 'apiVersion: v1alpha1\nkind: RegistryMirrorConfig\nname: docker.io\n$patch: delete';
  assert.equal(patch(base, text, V114), base);
  const e = errorOf(() => patch(base, text, V113));
  assert.is(e.message, "patch delete: document 'v1alpha1/RegistryMirrorConfig/docker.io' is not in the config");
});

test('same document twice in one patch: applied in order in v1.14, refused in v1.13', () => {
  const text =
    'apiVersion: v1alpha1\nkind: RegistryMirrorConfig\nname: a\nskipFallback: true\n---\napiVersion: v1alpha1\nkind: RegistryMirrorConfig\nname: a\nendpoints:\n  - url: https://x';
  const out = patch([], text, V114);
  assert.equal(out, [mirror('a', { skipFallback: true, endpoints: [{ url: 'https://x' }] })]);
  assert.throws(() => patch([], text, V113), /duplicate document v1alpha1\/RegistryMirrorConfig\/a is not allowed/);
});

test('errors: unknown field and wrong type in a patch name the field and the source', () => {
  const base = [{ version: 'v1alpha1', machine: {} }];
  const e = errorOf(() => patch(base, 'machine:\n  kubelet:\n    imagee: x'));
  assert.is(e.message, 'unknown field');
  assert.is(e.path, 'machine.kubelet.imagee');
  assert.is(e.file, 'p.yaml');
  assert.match(e.format(), /^p\.yaml:3:5: machine\.kubelet\.imagee: unknown field/);
  const e2 = errorOf(() => patch(base, 'machine:\n  certSANs: notalist'));
  assert.is(e2.path, 'machine.certSANs');
  assert.is(e2.message, 'cannot unmarshal !!str `notalist` into []string');
  assert.is(e2.line, 2);
  const e3 = errorOf(() => patch(base, 'apiVersion: v1alpha1\nkind: NoSuchConfig'));
  assert.match(e3.message, /unknown document kind "NoSuchConfig"/);
});

test('errors: a field newer than the contract is unknown there', () => {
  const e = errorOf(() => patch([{ version: 'v1alpha1', machine: {} }], 'machine:\n  install:\n    grubUseUKICmdline: true', parseContract('v1.11')));
  assert.is(e.path, 'machine.install.grubUseUKICmdline');
  assert.is(e.message, 'unknown field');
});

test('parsePatch: strategic vs RFC 6902 (JSON, YAML list, YAML flow list); items that are not operations refused', () => {
  assert.is(parsePatch('machine:\n  type: worker', 's').kind, 'strategic');
  assert.is(parsePatch('{"machine": {"type": "worker"}}', 's').kind, 'strategic');
  assert.is(parsePatch('[{"op": "remove", "path": "/machine/type"}]', 'j').kind, 'json6902');
  assert.is(parsePatch('- op: remove\n  path: /machine/type', 'j').kind, 'json6902');
  assert.is(parsePatch('[{op: remove, path: /machine/type}]', 'j').kind, 'json6902');
  const empty = parsePatch('# only a comment\n', 'e');
  assert.equal([empty.kind, empty.kind === 'strategic' && empty.docs, empty.source], ['strategic', [], 'e']);
  assert.throws(() => parsePatch('[{"op": "add", "path": "/x"}, 5]', 'j'), /operation 1 of the JSON patch is not an object/);
  assert.throws(() => parsePatch('- op: add\n  path: /x\n- just text', 'j'), /operation 1 of the JSON patch is not a mapping/);
  assert.throws(() => parsePatch('just a string', 's'), /a patch must be a mapping/);
  const e = errorOf(() => parsePatch('machine:\n  type: a\n  type: b', 'dup.yaml'));
  assert.is(e.file, 'dup.yaml');
  assert.is(e.line, 3);
});

test('loadPatches: @file and bare file names are read relative to baseDir; inline text stays inline', () => {
  const files: Record<string, string> = { '/base/a.yaml': 'machine:\n  type: worker', '/base/sub/b.json': '[{"op":"remove","path":"/machine/type"}]' };
  const readFile = (p: string) => {
    if (!(p in files)) throw Object.assign(new Error(`ENOENT: ${p}`), { code: 'ENOENT' });
    return files[p]!;
  };
  const out = loadPatches(['@a.yaml', 'sub/b.json', 'machine: {type: controlplane}'], { baseDir: '/base', readFile });
  assert.equal(
    out.map((p) => [p.kind, p.source]),
    [
      ['strategic', 'a.yaml'],
      ['json6902', 'sub/b.json'],
      ['strategic', 'inline patch #3'],
    ],
  );
  assert.throws(() => loadPatches(['@missing.yaml'], { baseDir: '/base', readFile }), /patch file not found: \/base\/missing\.yaml/);
  assert.throws(() => loadPatches(['missing.yaml'], { baseDir: '/base', readFile }), /patch file not found/);
});

test('RFC 6902: applied to the encoded v1alpha1 document (zero-valued fields exist); single document, no warning', () => {
  const warnings: string[] = [];
  const base = [{ version: 'v1alpha1', machine: { type: 'worker' } }];
  const [d] = patch(base, '- op: add\n  path: /machine/certSANs/-\n  value: a.example', V113, (m) => warnings.push(m));
  assert.equal(d!.machine.certSANs, ['a.example']);
  assert.equal(warnings, []);
});

test('RFC 6902: a failing operation and a result with unknown fields are errors with the source', () => {
  const base = [{ version: 'v1alpha1', machine: { type: 'worker' } }];
  const e = errorOf(() => patch(base, '[{"op": "remove", "path": "/machine/nope"}]'));
  assert.match(e.message, /^failure applying rfc6902 patches to talos machine config: JSON patch operation 0 \(remove \/machine\/nope\) failed/);
  assert.is(e.file, 'p.yaml');
  const e2 = errorOf(() => patch(base, '[{"op": "add", "path": "/machine/bogus", "value": 1}]'));
  assert.is(e2.path, 'machine.bogus');
  assert.match(e2.message, /unknown field/);
});

test('RFC 6902: multi-document config gets one warning; no v1alpha1 document is an error', () => {
  const warnings: string[] = [];
  const out = patch(
    [{ version: 'v1alpha1', machine: { type: 'worker' } }, mirror('a')],
    '[{"op": "replace", "path": "/machine/type", "value": "controlplane"}]',
    V113,
    (m) => warnings.push(m),
  );
  assert.is(out[0]!.machine.type, 'controlplane');
  assert.equal(out[1], mirror('a'));
  assert.is(warnings.length, 1);
  assert.match(warnings[0]!, /^p\.yaml: RFC 6902 patch applied to the v1alpha1 document of a multi-document config/);
  const e = errorOf(() => patch([mirror('a')], '[{"op": "remove", "path": "/name"}]'));
  assert.match(e.message, /needs the v1alpha1 document/);
});

test.run();
