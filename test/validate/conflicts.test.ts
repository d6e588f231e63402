import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { stringify } from 'yaml';
import { CONFLICT_ROWS, type ConflictRow } from '../../src/validate/conflicts.js';
import { validateSemantics } from '../../src/validate/rules.js';
import { generateConfig } from '../../src/generate/index.js';
import { docSchemaFor } from '../../src/model/registry.js';
import { parseContract } from '../../src/core/contract.js';
import { generatedBundle } from '../helpers/bundles.js';
import { oracleAvailable, oracleValidate } from '../helpers/oracle.js';

// Every row of CONFLICT_ROWS: the v1alpha1 field set next to a document of the row's kind is refused with Talos's
// message; the same pair without the field is not. Each verdict is also asked of the Talos oracle of that release.

type Doc = Record<string, any>;

/** A value that sets each v1alpha1 field of the table (Talos must decode it, so real shapes). */
const V1ALPHA1_VALUES: Record<string, unknown> = {
  'machine.network.searchDomains': ['example.com'],
  'machine.network.nameservers': ['8.8.8.8'],
  'machine.network.disableSearchDomain': true,
  'machine.features.hostDNS': { enabled: true },
  'machine.time.disabled': true,
  'machine.time.servers': ['time.cloudflare.com'],
  'machine.time.bootTimeout': '2m0s',
  'machine.network.hostname': 'node-1',
  'machine.features.stableHostname': true,
  'machine.systemDiskEncryption.state': { provider: 'luks2', keys: [{ slot: 0, nodeID: {} }] },
  'machine.systemDiskEncryption.ephemeral': { provider: 'luks2', keys: [{ slot: 0, nodeID: {} }] },
  'machine.network.kubespan': { enabled: true },
  'cluster.id': 'aWQ=',
  'cluster.secret': 'c2VjcmV0',
  'cluster.discovery': { enabled: true },
  'machine.baseRuntimeSpecOverrides': { process: { rlimits: [] } },
  'machine.features.imageCache': { localEnabled: true },
  'cluster.apiServer.admissionControl': [{ name: 'PodSecurity', configuration: { apiVersion: 'v1' } }],
  'cluster.aggregatorCA': { crt: 'YQ==', key: 'YQ==' },
  'cluster.apiServer': { image: 'registry.k8s.io/kube-apiserver:v1.33.0' },
  'cluster.controlPlane.localAPIServerPort': 6444,
  'cluster.ca': { crt: 'YQ==', key: 'YQ==' },
  'cluster.apiServer.auditPolicy': { apiVersion: 'audit.k8s.io/v1', kind: 'Policy' },
  'cluster.clusterName': 'c',
  'cluster.controlPlane.endpoint': 'https://10.0.0.1:6443',
  'cluster.controllerManager': { image: 'registry.k8s.io/kube-controller-manager:v1.33.0' },
  'machine.controlPlane.controllerManager': { disabled: false },
  'cluster.coreDNS': { disabled: false },
  'machine.kubelet': { image: 'ghcr.io/siderolabs/kubelet:v1.33.0' },
  'cluster.secretboxEncryptionSecret': 'c2VjcmV0',
  'cluster.aescbcEncryptionSecret': 'c2VjcmV0',
  'cluster.network': { dnsDomain: 'cluster.local' },
  'machine.features.kubePrism': { enabled: true },
  'cluster.allowSchedulingOnControlPlanes': true,
  'cluster.allowSchedulingOnMasters': true,
  'machine.kubelet.skipNodeRegistration': true,
  'machine.kubelet.registerWithFQDN': true,
  'machine.kubelet.nodeIP': { validSubnets: ['10.0.0.0/8'] },
  'machine.nodeLabels': { a: 'b' },
  'machine.nodeAnnotations': { a: 'b' },
  'machine.nodeTaints': { a: 'b:NoSchedule' },
  'cluster.proxy': { disabled: true },
  'cluster.scheduler': { image: 'registry.k8s.io/kube-scheduler:v1.33.0' },
  'machine.controlPlane.scheduler': { disabled: false },
  'cluster.serviceAccount': { key: 'YQ==' },
  'machine.features.kubernetesTalosAPIAccess': { enabled: true },
  'machine.install': { disk: '/dev/sda' },
};

/** Settings the table's `when` tests read on the other document. */
const DOC_VALUES: Record<string, unknown> = {
  hostDNS: { enabled: true },
  encryption: { provider: 'luks2', keys: [{ slot: 0, nodeID: {} }] },
};

/** Fields a document of the kind needs to decode. */
const DOC_BASES: Record<string, Doc> = {
  ResolverConfig: { nameservers: [{ address: '1.1.1.1' }] },
  HostnameConfig: { auto: 'stable' },
  KubeSpanConfig: { enabled: true },
};

function setPath(doc: Doc, path: string, value: unknown): void {
  const keys = path.split('.');
  let o = doc;
  for (const k of keys.slice(0, -1)) o = o[k] ??= {};
  o[keys[keys.length - 1]!] = value;
}

function deletePath(doc: Doc, path: string): void {
  const keys = path.split('.');
  let o: Doc | undefined = doc;
  for (const k of keys.slice(0, -1)) o = o?.[k];
  if (o) delete o[keys[keys.length - 1]!];
}

function docFor(row: ConflictRow): Doc {
  const doc: Doc = { apiVersion: 'v1alpha1', kind: row.kind, ...structuredClone(DOC_BASES[row.kind] ?? {}) };
  if (docSchemaFor(doc)?.named) doc.name = 'test';
  for (const w of row.when ?? []) setPath(doc, w.path, typeof w.test === 'object' ? w.test.equals : structuredClone(DOC_VALUES[w.path]));
  return doc;
}

const CONTRACTS = ['v1.12', 'v1.13', 'v1.14'];
const later = (since: string) => CONTRACTS.slice(CONTRACTS.indexOf(since));

const secrets = generatedBundle('v1.13');
const v1alpha1 = (contract: string): Doc =>
  (
    generateConfig(
      {
        clusterName: 'c',
        endpoint: 'https://10.0.0.1:6443',
        kubernetesVersion: '1.33.0',
        contract: parseContract(contract),
        secrets,
        discoveryEnabled: true,
        installDisk: '/dev/sda',
      },
      'controlplane',
    ) as Doc[]
  )[0]!;

/** The v1alpha1 document without any field the rows of `kind` look at. */
const cleanFor = (contract: string, kind: string): Doc => {
  const v1 = structuredClone(v1alpha1(contract));
  for (const r of CONFLICT_ROWS.filter((x) => x.kind === kind)) deletePath(v1, r.v1alpha1);
  return v1;
};

const talgen = (contract: string, docs: Doc[]) =>
  validateSemantics(docs, 'cloud', parseContract(contract))
    .filter((i) => i.rule === 'v1alpha1-conflict')
    .map((i) => i.message);

/** Talos's verdict on the pair ('' when valid); undefined without an oracle for the contract. */
const talos = (contract: string, docs: Doc[]): string | undefined => {
  if (!oracleAvailable(contract)) return undefined;
  const r = oracleValidate(contract, 'cloud', docs.map((d) => stringify(d)).join('---\n'));
  return r.ok ? '' : r.error!;
};

for (const row of CONFLICT_ROWS) {
  test(`${row.kind} vs v1alpha1 ${row.v1alpha1} (${row.since}+): "${row.message}"`, () => {
    for (const contract of later(row.since)) {
      const clean = cleanFor(contract, row.kind);
      const conflicting = structuredClone(clean);
      setPath(conflicting, row.v1alpha1, structuredClone(V1ALPHA1_VALUES[row.v1alpha1]));
      const other = docFor(row);

      assert.equal(talgen(contract, [conflicting, other]), [row.message], `${contract}: talgen refuses`);
      assert.equal(talgen(contract, [clean, other]), [], `${contract}: talgen accepts without the v1alpha1 field`);

      const refused = talos(contract, [conflicting, other]);
      if (refused !== undefined) assert.ok(refused.includes(row.message), `${contract}: Talos says ${refused || 'valid'}`);
      const accepted = talos(contract, [clean, other]);
      if (accepted !== undefined) assert.not.ok(accepted.includes(row.message), `${contract}: Talos says ${accepted}`);
    }
  });
}

test('VolumeConfig conflicts only when it sets encryption itself', () => {
  for (const contract of CONTRACTS) {
    const v1 = cleanFor(contract, 'VolumeConfig');
    setPath(v1, 'machine.systemDiskEncryption.state', V1ALPHA1_VALUES['machine.systemDiskEncryption.state']);
    const volume = { apiVersion: 'v1alpha1', kind: 'VolumeConfig', name: 'STATE', provisioning: { maxSize: '10GiB' } };
    assert.equal(talgen(contract, [v1, volume]), [], contract);
    const verdict = talos(contract, [v1, volume]);
    if (verdict !== undefined) assert.not.ok(verdict.includes('system disk encryption'), `${contract}: ${verdict}`);
  }
});

test('nameservers that are not IP addresses do not count as set (Talos drops them)', () => {
  for (const contract of CONTRACTS) {
    const v1 = cleanFor(contract, 'ResolverConfig');
    setPath(v1, 'machine.network.nameservers', ['dns.example.com']);
    const resolver = { apiVersion: 'v1alpha1', kind: 'ResolverConfig', nameservers: [{ address: '1.1.1.1' }] };
    assert.equal(talgen(contract, [v1, resolver]), [], contract);
    const verdict = talos(contract, [v1, resolver]);
    if (verdict !== undefined) assert.not.ok(verdict.includes('nameservers is already set'), `${contract}: ${verdict}`);
  }
});

test.run();
