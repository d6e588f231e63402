import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { fieldPath, mergeNode, mergeNodes } from '../../src/talconfig/merge.js';
import type { Node, NodeConfigs, Talconfig } from '../../src/talconfig/types.js';

const base = { hostname: 'n1', ipAddress: '10.0.0.1', installDisk: '/dev/sda' };
const merged = (node: Partial<Node>, group: NodeConfigs, controlPlane = true) =>
  mergeNode(controlPlane ? { controlPlane: group } : { worker: group }, { ...base, controlPlane, ...node } as Node, 0);

// One test per row of reference §2.4.
test('§2.4 patches: group list prepended to the node list', () => {
  const n = merged({ patches: ['@node.yaml'] }, { patches: ['@g1.yaml', '@g2.yaml'] });
  assert.equal(n.patches, ['@g1.yaml', '@g2.yaml', '@node.yaml']);
  assert.equal(
    n.origins.patches.map((o) => o.label),
    ['controlPlane.patches[0]', 'controlPlane.patches[1]', 'nodes[0].patches[0]'],
  );
});

test('§2.4 patches: overridePatches keeps only the node list', () => {
  assert.equal(merged({ patches: ['@node.yaml'], overridePatches: true }, { patches: ['@g.yaml'] }).patches, ['@node.yaml']);
  assert.equal(merged({ patches: [], overridePatches: true }, { patches: ['@g.yaml'] }).patches, [], 'an explicit empty list gives none');
  assert.equal(merged({ overridePatches: true }, { patches: ['@g.yaml'] }).patches, ['@g.yaml'], "talhelper: no node list → the group's (zero value)");
});

test('§2.4 certSANs: node list then group list, no de-dup; overrideMachineCertSANs', () => {
  assert.equal(merged({ certSANs: ['a', 'b'] }, { certSANs: ['b', 'c'] }).certSANs, ['a', 'b', 'b', 'c']);
  assert.equal(merged({ certSANs: ['a'], overrideMachineCertSANs: true }, { certSANs: ['c'] }).certSANs, ['a']);
  assert.equal(merged({}, { certSANs: ['c'] }).certSANs, ['c']);
});

test('§2.4 extraManifests: node list then group list; overrideExtraManifests', () => {
  const n = merged({ extraManifests: ['n.yaml'] }, { extraManifests: ['g.yaml'] });
  assert.equal(n.extraManifests, ['n.yaml', 'g.yaml']);
  assert.equal(
    n.origins.extraManifests.map((o) => o.label),
    ['nodes[0].extraManifests[0]', 'controlPlane.extraManifests[0]'],
  );
  assert.equal(merged({ extraManifests: ['n.yaml'], overrideExtraManifests: true }, { extraManifests: ['g.yaml'] }).extraManifests, ['n.yaml']);
});

test('§2.4 other fields: node value if non-zero, whole value replaced (maps not merged)', () => {
  const n = merged(
    { nodeLabels: { testkey: 'overwritten' }, talosImageURL: 'reg/node' },
    {
      nodeLabels: { testkey: 'testValue', other: 'x' },
      nodeAnnotations: { a: '1' },
      talosImageURL: 'reg/group',
      schematic: { customization: { extraKernelArgs: ['enable=1'] } },
    },
  );
  assert.equal(n.nodeLabels, { testkey: 'overwritten' }, 'talhelper TestOverrideNodeConfigs');
  assert.equal(n.nodeAnnotations, { a: '1' });
  assert.is(n.talosImageURL, 'reg/node');
  assert.equal(n.schematic, { customization: { extraKernelArgs: ['enable=1'] } });
  assert.equal([n.sourceOf.nodeLabels, n.sourceOf.nodeAnnotations, n.sourceOf.schematic], ['node', 'controlPlane', 'controlPlane']);
  const s = merged(
    { schematic: { customization: { systemExtensions: { officialExtensions: ['siderolabs/iscsi-tools'] } } } },
    { schematic: { customization: { extraKernelArgs: ['a'] } } },
  );
  assert.equal(s.schematic, { customization: { systemExtensions: { officialExtensions: ['siderolabs/iscsi-tools'] } } }, 'schematic not merged');
});

test('§2.4 zero values: false cannot undo a group true; "" and null take the group value; {} and [] are values', () => {
  const n = merged(
    { disableSearchDomain: false, talosImageURL: '', nameservers: null as unknown as string[], nodeTaints: {}, kernelModules: [] },
    {
      disableSearchDomain: true,
      talosImageURL: 'reg/group',
      nameservers: ['1.1.1.1'],
      nodeTaints: { a: 'NoSchedule' },
      kernelModules: [{ name: 'br_netfilter' }],
    },
  );
  assert.equal([n.disableSearchDomain, n.talosImageURL, n.nameservers, n.nodeTaints, n.kernelModules], [true, 'reg/group', ['1.1.1.1'], {}, []]);
});

test('§2.4 machineSpec is a struct: all-zero fields take the group value, any set field replaces it whole', () => {
  const g = { machineSpec: { arch: 'arm64', secureboot: true } };
  assert.equal(merged({ machineSpec: { mode: '', secureboot: false } }, g).machineSpec, g.machineSpec);
  assert.equal(merged({ machineSpec: { mode: 'metal' } }, g).machineSpec, { mode: 'metal' });
});

test('§2.4 group by role; node-only fields stay; group node-only keys are ignored', () => {
  const config = {
    controlPlane: { nodeLabels: { role: 'cp' } },
    worker: { nodeLabels: { role: 'w' }, hostname: 'ignored' } as NodeConfigs,
    nodes: [
      { ...base, controlPlane: true },
      { hostname: 'w1', ipAddress: '10.0.0.2', installDiskSelector: { size: '>100GB' } },
    ],
  } as unknown as Talconfig;
  const [cp, w] = mergeNodes(config);
  assert.equal([cp!.group, cp!.controlPlane, cp!.nodeLabels], ['controlPlane', true, { role: 'cp' }]);
  assert.equal([w!.group, w!.controlPlane, w!.hostname, w!.index, w!.installDiskSelector], ['worker', false, 'w1', 1, { size: '>100GB' }]);
});

test('fieldPath: where a merged value is written (the group when inherited, else the node)', () => {
  const n = mergeNode({ controlPlane: { patches: ['@g'], nodeLabels: { a: '1' } } }, { ...base, controlPlane: true, patches: ['@n'] } as unknown as Node, 3);
  assert.equal(fieldPath(n, 'nodeLabels'), ['controlPlane', 'nodeLabels']);
  assert.equal(fieldPath(n, 'patches'), ['nodes', 3, 'patches']);
  assert.equal(fieldPath(n, 'hostname'), ['nodes', 3, 'hostname']);
});

test.run();
