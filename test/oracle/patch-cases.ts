import { readFileSync } from 'node:fs';
import { parseAllDocuments } from 'yaml';
import { parseContract } from '../../src/core/contract.js';
import { renderConfig } from '../../src/emit/render.js';
import { generateConfig } from '../../src/generate/index.js';
import { applyPatches, loadPatches } from '../../src/patch/index.js';
import type { OracleResult } from '../helpers/oracle.js';
import { generatedBundle } from '../helpers/bundles.js';
import { conformanceFile } from '../helpers/shared.js';

/** One patch run to compare: a base config and patch files (texts) applied in order for a contract. */
export interface PatchCase {
  name: string;
  contract: string;
  base: string;
  patches: string[];
}

const fixture = (path: string) => readFileSync(conformanceFile('talos', 'configpatcher', ...path.split('/')), 'utf8');

function fixtureCase(contract: string, base: string, patches: string[]): PatchCase {
  return { name: `configpatcher ${base} + ${patches.join(', ')}`, contract, base: fixture(base), patches: patches.map(fixture) };
}

const APPLY = ['apply/strategic1.yaml', 'apply/jsonpatch1.yaml', 'apply/jsonpatch2.yaml', 'apply/strategic2.yaml', 'apply/strategic3.yaml'];

/** Talos's configpatcher testdata, each input set for every contract the oracle pins that accepts it. */
export function fixtureCases(): PatchCase[] {
  const cases: PatchCase[] = [];
  for (const contract of ['v1.12', 'v1.13', 'v1.14']) {
    cases.push(
      fixtureCase(contract, 'apply/config.yaml', APPLY),
      fixtureCase(contract, 'apply/config.yaml', ['apply/strategic4.yaml']),
      fixtureCase(contract, 'multidoc/config.yaml', ['multidoc/strategic1.yaml', 'multidoc/strategic2.yaml']),
      fixtureCase(contract, 'multidoc/config.yaml', ['multidoc/strategic1.yaml', 'multidoc/strategic2.yaml', '_head_changes/multidoc/strategic3.yaml']),
      fixtureCase(contract, 'auditpolicy/config.yaml', ['auditpolicy/patch1.yaml']),
      fixtureCase(contract, 'patchdelete/config.yaml', ['patchdelete/strategic1.yaml']),
      fixtureCase(contract, 'patchdelete/controlplane_orig.yaml', [
        'patchdelete/strategic2.yaml',
        'patchdelete/strategic3.yaml',
        'patchdelete/strategic4.yaml',
      ]),
      fixtureCase(contract, 'patchdeletemissing/config.yaml', ['patchdeletemissing/strategic1.yaml']),
      fixtureCase(contract, 'patchlink/base.yaml', ['patchlink/patch.yaml']),
      fixtureCase(contract, '_head_changes/patchmixed/base.yaml', ['_head_changes/patchmixed/patch.yaml']),
      fixtureCase(contract, 'apply/config.yaml', ['patch.json', 'strategic.yaml']),
    );
  }
  return cases;
}

/** Strategic merge patches on talgen's own base config (v1alpha1 + the contract's default documents). */
const STRATEGIC: Record<string, string[]> = {
  'scalars, list append, map merge': [
    `machine:
  network:
    hostname: node-1
  certSANs: [a.example.com, 10.0.0.1]
  sysctls:
    vm.max_map_count: "262144"
  kubelet:
    extraArgs:
      rotate-server-certificates: "true"
cluster:
  apiServer:
    certSANs: [api.example.com]
`,
  ],
  'interfaces merged by name, addresses appended, routes kept': [
    `machine:
  network:
    interfaces:
      - interface: eth0
        addresses: [10.0.0.5/24]
        routes:
          - network: 0.0.0.0/0
            gateway: 10.0.0.1
`,
    `machine:
  network:
    interfaces:
      - interface: eth0
        addresses: [10.0.0.6/24]
        mtu: 9000
      - deviceSelector:
          hardwareAddr: "00:11:22:*"
        dhcp: true
`,
  ],
  'vlans merged by vlanId': [
    `machine:
  network:
    interfaces:
      - interface: bond0
        vlans:
          - vlanId: 10
            addresses: [192.168.10.2/24]
`,
    `machine:
  network:
    interfaces:
      - interface: bond0
        vlans:
          - vlanId: 10
            mtu: 1400
          - vlanId: 20
            dhcp: true
`,
  ],
  'plain bool false does not override true; pointer false does': [
    `cluster:
  allowSchedulingOnControlPlanes: true
machine:
  features:
    kubePrism:
      enabled: false
`,
    `cluster:
  allowSchedulingOnControlPlanes: false
`,
  ],
  '$patch: delete of a scalar, a map key and a list item': [
    `machine:
  network:
    hostname: to-be-deleted
    interfaces:
      - interface: eth0
        dhcp: true
      - interface: eth1
        dhcp: true
  nodeLabels:
    keep: "yes"
    drop: "yes"
`,
    `machine:
  network:
    hostname:
      $patch: delete
    interfaces:
      - interface: eth0
        $patch: delete
  nodeLabels:
    drop:
      $patch: delete
`,
  ],
  '$patch: delete of a whole section': [
    `machine:
  kubelet:
    $patch: delete
`,
  ],
  'inline manifests and extra manifests': [
    `cluster:
  inlineManifests:
    - name: one
      contents: |
        kind: ConfigMap
  extraManifests: [https://example.com/a.yaml]
`,
    `cluster:
  inlineManifests:
    - name: one
      contents: |
        kind: Secret
    - name: two
      contents: "x: 1"
  extraManifests: [https://example.com/b.yaml]
`,
  ],
  'files, install args, registries, durations': [
    `machine:
  files:
    - path: /var/etc/a
      permissions: 0o644
      op: create
      content: a
  install:
    extraKernelArgs: [console=ttyS0]
    disk: /dev/sda
  registries:
    mirrors:
      docker.io:
        endpoints: [https://mirror.example.com]
  kubelet:
    nodeIP:
      validSubnets: [10.0.0.0/8]
cluster:
  etcd:
    extraArgs:
      election-timeout: "5000"
  controllerManager:
    extraArgs:
      node-monitor-grace-period: 40s
`,
  ],
  'new document appended, then merged': [
    `apiVersion: v1alpha1
kind: ExtensionServiceConfig
name: ext
configFiles:
  - content: hello
    mountPath: /etc/ext/a
environment:
  - A=1
`,
    `apiVersion: v1alpha1
kind: ExtensionServiceConfig
name: ext
configFiles:
  - content: bye
    mountPath: /etc/ext/a
environment:
  - B=2
`,
  ],
  'unknown field is refused': [
    `machine:
  notAField: true
`,
  ],
  'wrong type is refused': [
    `machine:
  certSANs: not-a-list
`,
  ],
};

/** RFC 6902 patches (YAML and JSON forms) on the v1alpha1 document of talgen's base config. */
const JSON6902: Record<string, string[]> = {
  'add to a list end and a new map key': [
    `- op: add
  path: /machine/certSANs/-
  value: san.example.com
- op: add
  path: /machine/sysctls
  value:
    net.core.somaxconn: "65535"
`,
  ],
  'replace an existing value': [
    `- op: replace
  path: /machine/kubelet/image
  value: ghcr.io/siderolabs/kubelet:v1.30.0
`,
  ],
  'replace of a missing key': [
    `- op: replace
  path: /machine/kubelet/extraArgs
  value:
    max-pods: "250"
`,
  ],
  'replace of a missing key whose parent is missing': [
    `- op: replace
  path: /machine/time/servers
  value: [time.example.com]
`,
  ],
  'remove an existing key': [
    `- op: remove
  path: /machine/nodeLabels
`,
  ],
  'remove a missing key': [
    `- op: remove
  path: /machine/network/hostname
`,
  ],
  'add under a missing parent': [
    `- op: add
  path: /machine/time/servers
  value: [time.example.com]
`,
  ],
  'move and copy': [
    `[{"op": "copy", "from": "/machine/kubelet/image", "path": "/machine/install/image"},
 {"op": "move", "from": "/machine/certSANs", "path": "/cluster/apiServer/certSANs"}]
`,
  ],
  'test that passes, test that fails': [
    `- op: test
  path: /machine/type
  value: controlplane
- op: add
  path: /machine/network/hostname
  value: tested
`,
    `- op: test
  path: /machine/type
  value: worker
`,
  ],
  'list index add, replace and remove': [
    `- op: add
  path: /machine/certSANs
  value: [a, b, c]
- op: add
  path: /machine/certSANs/1
  value: x
- op: replace
  path: /machine/certSANs/0
  value: y
- op: remove
  path: /machine/certSANs/3
`,
  ],
  'index out of range': [
    `- op: add
  path: /machine/certSANs/5
  value: nope
`,
  ],
  'two JSON patches in a row are joined, then a strategic one': [
    `[{"op": "add", "path": "/machine/network/hostname", "value": "one"}]`,
    `- op: replace
  path: /machine/network/hostname
  value: two
`,
    `machine:
  network:
    hostname: three
`,
  ],
  'a patch producing an unknown field is refused': [
    `- op: add
  path: /machine/bogus
  value: 1
`,
  ],
  'escaped path characters': [
    `- op: add
  path: /machine/nodeLabels/example.com~1role
  value: edge
- op: add
  path: /machine/sysctls
  value: {"a~b": "1"}
- op: add
  path: /machine/sysctls/a~0b
  value: "2"
`,
  ],
};

/** The oracle-pinned contracts talgen's generator makes a base for. */
export const GENERATED_CONTRACTS = ['v1.5', 'v1.6', 'v1.7', 'v1.8', 'v1.9', 'v1.10', 'v1.11', 'v1.12', 'v1.13', 'v1.14'];

/** A control plane config as Talos's stability test generates its base one, with a generated bundle. */
export function generatedBase(contract: string): string {
  const input = {
    clusterName: 'base',
    endpoint: 'https://base:6443',
    kubernetesVersion: '1.28.0',
    contract: parseContract(contract),
    secrets: generatedBundle('v1.13'),
    discoveryEnabled: true,
  };
  return renderConfig(generateConfig(input, 'controlplane'), parseContract(contract), 'talos');
}

/** Generated cases: strategic ones on the full base, RFC 6902 ones on its v1alpha1 document alone. */
export function generatedCases(): PatchCase[] {
  const cases: PatchCase[] = [];
  for (const contract of GENERATED_CONTRACTS) {
    const base = generatedBase(contract);
    const v1alpha1 = base.split(/^---\n/m)[0]!;
    for (const [name, patches] of Object.entries(STRATEGIC)) cases.push({ name: `strategic: ${name}`, contract, base, patches });
    for (const [name, patches] of Object.entries(JSON6902)) cases.push({ name: `RFC 6902: ${name}`, contract, base: v1alpha1, patches });
  }
  return cases;
}

/**
 * talgen's patch engine on an oracle case's inputs: the patches loaded like `--config-patch @file` (named
 * `/<name>/patch-N.yaml`: talgen caches parsed patches by name and text, so a case reuses its parses), applied to the
 * base, output as Talos prints it.
 */
export function talgenPatch(contract: string, base: string, patchTexts: string[], name: string): OracleResult {
  const c = parseContract(contract);
  const files = new Map(patchTexts.map((text, i) => [`/${name}/patch-${i}.yaml`, text]));
  try {
    const patches = loadPatches(
      [...files.keys()].map((f) => `@${f}`),
      { baseDir: '/', readFile: (f) => files.get(f)! },
    );
    const docs = parseAllDocuments(base)
      .map((d) => d.toJS() as unknown)
      .filter((d) => d != null);
    return { ok: true, out: renderConfig(applyPatches(docs, patches, { contract: c }), c, 'talos') };
  } catch (e) {
    return { ok: false, error: e instanceof Error ? e.message : String(e) };
  }
}
