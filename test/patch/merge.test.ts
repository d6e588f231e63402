import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parseContract } from '../../src/core/contract.js';
import { applyPatches, parsePatch } from '../../src/patch/index.js';
import { mergeDocument } from '../../src/patch/merge.js';
import { plainView } from '../../src/patch/plain.js';
import { errorOf } from '../helpers/errors.js';

// One test per strategic merge rule (Talos merge.Merge typed by the schema annotations).

type Doc = Record<string, any>;
const V113 = parseContract('v1.13');

function patch(base: unknown[], text: string, contract = V113): Doc[] {
  return applyPatches(base, [parsePatch(text, 'p.yaml')], { contract }) as Doc[];
}
const v1 = (machine: Doc, cluster?: Doc): Doc => ({ version: 'v1alpha1', machine, ...(cluster ? { cluster } : {}) });

test('struct: fields merge one by one, untouched fields stay, new ones are added', () => {
  const [d] = patch([v1({ type: 'worker', install: { disk: '/dev/sda', image: 'a' } })], 'machine:\n  install:\n    image: b\n  certSANs: [x]');
  assert.equal(d!.machine, { type: 'worker', install: { disk: '/dev/sda', image: 'b' }, certSANs: ['x'] });
});

test('non-pointer string: "" does not overwrite; a value does', () => {
  const base = [v1({ install: { disk: '/dev/sda' }, network: { hostname: 'h1' } })];
  assert.is(patch(base, 'machine:\n  install:\n    disk: ""')[0]!.machine.install.disk, '/dev/sda');
  assert.is(patch(base, 'machine:\n  network:\n    hostname: h2')[0]!.machine.network.hostname, 'h2');
});

test('non-pointer int: 0 does not overwrite', () => {
  const base = [v1({ features: { kubePrism: { enabled: true, port: 7445 } } })];
  assert.is(patch(base, 'machine:\n  features:\n    kubePrism:\n      port: 0')[0]!.machine.features.kubePrism.port, 7445);
  assert.is(patch(base, 'machine:\n  features:\n    kubePrism:\n      port: 7446')[0]!.machine.features.kubePrism.port, 7446);
});

test('pointer scalars: false and 0 overwrite', () => {
  const base = [v1({ install: { wipe: true }, network: { kubespan: { enabled: true, mtu: 1420 } } })];
  const [d] = patch(base, 'machine:\n  install:\n    wipe: false\n  network:\n    kubespan:\n      mtu: 0\n      enabled: false');
  assert.is(d!.machine.install.wipe, false);
  assert.is(d!.machine.network.kubespan.mtu, 0);
  assert.is(d!.machine.network.kubespan.enabled, false);
});

test('pointer: nil on the left takes the right value; null on the right keeps the left', () => {
  const [a] = patch([v1({ type: 'worker' })], 'machine:\n  install:\n    disk: /dev/vda');
  assert.equal(a!.machine.install, { disk: '/dev/vda' });
  const [b] = patch([v1({ install: { disk: '/dev/vda' } })], 'machine:\n  install: null');
  assert.equal(b!.machine.install, { disk: '/dev/vda' });
});

test('plain (non-pointer) bool: always overwrites, and a struct merged without it sets it to false', () => {
  const schema = {
    type: 'object',
    properties: {
      flag: { type: 'boolean' },
      opt: { type: 'boolean', 'x-pointer': true },
      name: { type: 'string' },
    },
  };
  assert.equal(mergeDocument({ flag: false, name: 'a' }, { flag: true }, schema), { flag: true, name: 'a' });
  assert.equal(mergeDocument({ flag: true, opt: true }, { name: 'b' }, schema), { flag: false, opt: true, name: 'b' });
});

test('list: appended (left then right), null keeps the left', () => {
  const base = [v1({ certSANs: ['a', 'b'] })];
  assert.equal(patch(base, 'machine:\n  certSANs: [b, c]')[0]!.machine.certSANs, ['a', 'b', 'b', 'c']);
  assert.equal(patch(base, 'machine:\n  certSANs: null')[0]!.machine.certSANs, ['a', 'b']);
});

test('list with x-merge: replace (podSubnets) is replaced, also by an empty list', () => {
  const base = [v1({ type: 'controlplane' }, { network: { podSubnets: ['10.244.0.0/16'], serviceSubnets: ['10.96.0.0/12'] } })];
  const [d] = patch(base, 'cluster:\n  network:\n    podSubnets: [10.42.0.0/16]\n    serviceSubnets: []');
  assert.equal(d!.cluster.network.podSubnets, ['10.42.0.0/16']);
  assert.equal(d!.cluster.network.serviceSubnets, []);
});

test('x-bytes ([]byte, PEM) is replaced', () => {
  const [d] = patch([v1({ ca: { crt: 'AAAA', key: 'BBBB' } })], 'machine:\n  ca:\n    crt: CCCC');
  assert.equal(d!.machine.ca, { crt: 'CCCC', key: 'BBBB' });
});

test('keyed list: interfaces by name, else by equal deviceSelector; unmatched appended', () => {
  const base = [
    v1({
      network: {
        interfaces: [
          { interface: 'eth0', addresses: ['10.0.0.1/24'], mtu: 1500 },
          { deviceSelector: { hardwareAddr: 'aa:*' }, dhcp: true },
        ],
      },
    }),
  ];
  const [d] = patch(
    base,
    `machine:
  network:
    interfaces:
      - interface: eth0
        addresses: [10.0.0.2/24]
        mtu: 9000
      - deviceSelector: {hardwareAddr: "aa:*"}
        mtu: 1400
      - deviceSelector: {hardwareAddr: "bb:*"}
        dhcp: true
      - interface: eth1
        dhcp: true`,
  );
  assert.equal(d!.machine.network.interfaces, [
    { interface: 'eth0', addresses: ['10.0.0.1/24', '10.0.0.2/24'], mtu: 9000 },
    { deviceSelector: { hardwareAddr: 'aa:*' }, dhcp: true, mtu: 1400 },
    { deviceSelector: { hardwareAddr: 'bb:*' }, dhcp: true },
    { interface: 'eth1', dhcp: true },
  ]);
});

test('keyed list: vlans by vlanId inside a merged interface, addresses appended', () => {
  const base = [v1({ network: { interfaces: [{ interface: 'eth0', vlans: [{ vlanId: 10, addresses: ['10.10.0.1/24'] }] }] } })];
  const [d] = patch(
    base,
    'machine:\n  network:\n    interfaces:\n      - interface: eth0\n        vlans:\n          - vlanId: 10\n            addresses: [10.10.0.2/24]\n            mtu: 1400\n          - vlanId: 20\n            dhcp: true',
  );
  assert.equal(d!.machine.network.interfaces[0].vlans, [
    { vlanId: 10, addresses: ['10.10.0.1/24', '10.10.0.2/24'], mtu: 1400 },
    { vlanId: 20, dhcp: true },
  ]);
});

test('keyed list: admissionControl by name, configuration deep-merged (inner lists appended)', () => {
  const base = [
    v1(
      { type: 'controlplane' },
      { apiServer: { admissionControl: [{ name: 'PodSecurity', configuration: { defaults: { enforce: 'baseline' }, exemptions: { namespaces: ['a'] } } }] } },
    ),
  ];
  const [d] = patch(
    base,
    'cluster:\n  apiServer:\n    admissionControl:\n      - name: PodSecurity\n        configuration:\n          defaults:\n            audit: restricted\n          exemptions:\n            namespaces: [b]',
  );
  assert.equal(d!.cluster.apiServer.admissionControl, [
    { name: 'PodSecurity', configuration: { defaults: { enforce: 'baseline', audit: 'restricted' }, exemptions: { namespaces: ['a', 'b'] } } },
  ]);
});

test('keyed list: ExtensionServiceConfig configFiles by mountPath, environment appended', () => {
  const base = [
    { apiVersion: 'v1alpha1', kind: 'ExtensionServiceConfig', name: 'x', configFiles: [{ content: 'a', mountPath: '/etc/a' }], environment: ['A=1'] },
  ];
  const [d] = patch(
    base,
    'apiVersion: v1alpha1\nkind: ExtensionServiceConfig\nname: x\nconfigFiles:\n  - content: b\n    mountPath: /etc/a\n  - content: c\n    mountPath: /etc/c\nenvironment: [B=2]',
  );
  assert.equal(d!.configFiles, [
    { content: 'b', mountPath: '/etc/a' },
    { content: 'c', mountPath: '/etc/c' },
  ]);
  assert.equal(d!.environment, ['A=1', 'B=2']);
});

test('Go map: merged per key; a "" value does not overwrite an existing one', () => {
  const base = [v1({ sysctls: { 'a.b': '1', 'c.d': '2' }, nodeLabels: { l1: 'x' } })];
  const [d] = patch(base, 'machine:\n  sysctls:\n    a.b: "3"\n    c.d: ""\n    e.f: "4"\n  nodeLabels:\n    l2: y');
  assert.equal(d!.machine.sysctls, { 'a.b': '3', 'c.d': '2', 'e.f': '4' });
  assert.equal(d!.machine.nodeLabels, { l1: 'x', l2: 'y' });
});

test('extraArgs (Talos Args): per-key replacement, list values are not appended', () => {
  const base = [v1({ kubelet: { extraArgs: { a: '1', b: ['x'] } } })];
  const [d] = patch(base, 'machine:\n  kubelet:\n    extraArgs:\n      a: ""\n      b: [y]');
  assert.equal(d!.machine.kubelet.extraArgs, { a: '', b: ['y'] });
});

test('free-form (x-unstructured): deep merge, lists appended, "" does not overwrite', () => {
  const base = [v1({ kubelet: { extraConfig: { a: { b: 1, c: 'x' }, l: [1], s: 'keep' } } })];
  const [d] = patch(base, 'machine:\n  kubelet:\n    extraConfig:\n      a:\n        c: y\n        d: true\n      l: [2]\n      s: ""');
  assert.equal(d!.machine.kubelet.extraConfig, { a: { b: 1, c: 'y', d: true }, l: [1, 2], s: 'keep' });
});

test('free-form: a key with different types on the two sides is a merge type mismatch', () => {
  const base = [v1({ kubelet: { extraConfig: { a: { b: 1 } } } })];
  const e = errorOf(() => patch(base, 'machine:\n  kubelet:\n    extraConfig:\n      a: text'));
  assert.match(e.message, 'merge type mismatch: left is a mapping, right is a string');
  assert.is(e.path, 'machine.kubelet.extraConfig.a');
  assert.is(e.file, 'p.yaml');
});

test('x-merge: replace on free-form (auditPolicy) replaces the whole value', () => {
  const base = [
    v1({ type: 'controlplane' }, { apiServer: { auditPolicy: { apiVersion: 'audit.k8s.io/v1', kind: 'Policy', rules: [{ level: 'Metadata' }] } } }),
  ];
  const [d] = patch(base, 'cluster:\n  apiServer:\n    auditPolicy:\n      rules:\n        - level: None');
  assert.equal(d!.cluster.apiServer.auditPolicy, { rules: [{ level: 'None' }] });
});

test('durations: a zero duration on a non-pointer field does not overwrite', () => {
  const base = [v1({ time: { bootTimeout: '2m0s' } })];
  assert.is(patch(base, 'machine:\n  time:\n    bootTimeout: 0s')[0]!.machine.time.bootTimeout, '2m0s');
  assert.is(patch(base, 'machine:\n  time:\n    bootTimeout: 3m')[0]!.machine.time.bootTimeout, '3m');
});

test('documents: matched by apiVersion/kind/name, unmatched appended as copies, v1alpha1 without version key', () => {
  const base = [v1({ type: 'worker' }), { apiVersion: 'v1alpha1', kind: 'RegistryMirrorConfig', name: 'docker.io', endpoints: [{ url: 'https://a' }] }];
  const text = `machine:
  install:
    disk: /dev/vda
---
apiVersion: v1alpha1
kind: RegistryMirrorConfig
name: docker.io
endpoints:
  - url: https://b
---
apiVersion: v1alpha1
kind: RegistryMirrorConfig
name: ghcr.io
endpoints:
  - url: https://c`;
  const p = parsePatch(text, 'p.yaml');
  const out = applyPatches(base, [p], { contract: V113 }) as Doc[];
  assert.is(out.length, 3);
  assert.equal(out[0]!.machine, { type: 'worker', install: { disk: '/dev/vda' } });
  assert.equal(out[1]!.endpoints, [{ url: 'https://a' }, { url: 'https://b' }]);
  assert.equal(out[2], { apiVersion: 'v1alpha1', kind: 'RegistryMirrorConfig', name: 'ghcr.io', endpoints: [{ url: 'https://c' }] });
  assert.is.not(out[2], (p as { docs: unknown[] }).docs[2], 'appended as a copy');
});

test('inputs are never mutated, and the same parsed patch gives the same result twice', () => {
  const base = [v1({ certSANs: ['a'], network: { interfaces: [{ interface: 'eth0', addresses: ['1.1.1.1/32'] }] } })];
  const before = JSON.stringify(base);
  const p = parsePatch('machine:\n  certSANs: [b]\n  network:\n    interfaces:\n      - interface: eth0\n        $patch: delete', 'p.yaml');
  const first = applyPatches(base, [p], { contract: V113 });
  const second = applyPatches(base, [p], { contract: V113 });
  assert.is(JSON.stringify(base), before);
  assert.equal(first, second);
  assert.equal((first[0] as Doc).machine, { certSANs: ['a', 'b'], network: { interfaces: [] } });
});

test('Go maps (Map values) in the input are read as mappings', () => {
  const base = [{ version: 'v1alpha1', machine: new Map<string, unknown>([['sysctls', new Map([['a', '1']])]]) }];
  const [d] = patch(base, 'machine:\n  sysctls:\n    b: "2"');
  assert.equal(d!.machine, { sysctls: { a: '1', b: '2' } });
});

test('plainView: Go maps become plain objects, parts without one are shared, the input is left as it is', () => {
  const certs = { ca: 'x' };
  const labels = new Map<unknown, unknown>([
    ['b', '1'],
    [2, new Map([['c', ['d']]])],
  ]);
  const doc = { machine: { certs, nodeLabels: labels, list: [certs, new Map([['k', 'v']])] }, cluster: { name: 'c' } };
  const view = plainView(doc) as Doc;
  assert.equal(view, { machine: { certs, nodeLabels: { b: '1', 2: { c: ['d'] } }, list: [certs, { k: 'v' }] }, cluster: { name: 'c' } });
  assert.ok(view.cluster === doc.cluster && view.machine.certs === certs && view.machine.list[0] === certs, 'no Map below: the same object');
  assert.ok(view !== doc && view.machine !== doc.machine && view.machine.list !== doc.machine.list, 'the way down to a Map is new');
  assert.ok(doc.machine.nodeLabels === labels && labels.get(2) instanceof Map, 'input unchanged');
  const plain = { a: [{ b: 1 }] };
  assert.is(plainView(plain), plain, 'no Map anywhere: the value itself');
});

test.run();
