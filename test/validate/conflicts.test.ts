import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { stringify } from 'yaml';
import { CONFLICT_ROWS, type ConflictRow } from '../../src/validate/conflicts.js';
import { validateSemantics } from '../../src/validate/rules.js';
import { docSchemaFor } from '../../src/model/registry.js';
import { parseContract } from '../../src/core/contract.js';
import { generatedDocs } from '../helpers/bundles.js';
import { oracleAvailable, oracleQueue, upFront } from '../helpers/oracle.js';

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

const v1alpha1 = (contract: string): Doc => generatedDocs(contract, 'controlplane')[0]!;

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

// every pair is asked up front: one oracle batch per contract
const ask = oracleQueue();

/** Talos's verdict on the pair ('' when valid), to take in a test; undefined without an oracle for the contract. */
const talos = (contract: string, docs: Doc[]): (() => string | undefined) => {
  const answer = ask(contract, { op: 'validate', mode: 'cloud', config: docs.map((d) => stringify(d)).join('---\n') });
  return () => {
    if (!oracleAvailable(contract)) return undefined;
    const r = answer();
    return r.ok ? '' : r.error;
  };
};

for (const row of CONFLICT_ROWS) {
  const pairs = upFront(() =>
    later(row.since).map((contract) => {
      const clean = cleanFor(contract, row.kind);
      const conflicting = structuredClone(clean);
      setPath(conflicting, row.v1alpha1, structuredClone(V1ALPHA1_VALUES[row.v1alpha1]));
      const other = docFor(row);
      return { contract, clean, conflicting, other, refused: talos(contract, [conflicting, other]), accepted: talos(contract, [clean, other]) };
    }),
  );
  test(`${row.kind} vs v1alpha1 ${row.v1alpha1} (${row.since}+): "${row.message}"`, () => {
    for (const { contract, clean, conflicting, other, refused: refusal, accepted: acceptance } of pairs()) {
      assert.equal(talgen(contract, [conflicting, other]), [row.message], `${contract}: talgen refuses`);
      assert.equal(talgen(contract, [clean, other]), [], `${contract}: talgen accepts without the v1alpha1 field`);

      const refused = refusal();
      if (refused !== undefined) assert.ok(refused.includes(row.message), `${contract}: Talos says ${refused || 'valid'}`);
      const accepted = acceptance();
      if (accepted !== undefined) assert.not.ok(accepted.includes(row.message), `${contract}: Talos says ${accepted}`);
    }
  });
}

const encryptionPairs = upFront(() =>
  CONTRACTS.map((contract) => {
    const v1 = cleanFor(contract, 'VolumeConfig');
    setPath(v1, 'machine.systemDiskEncryption.state', V1ALPHA1_VALUES['machine.systemDiskEncryption.state']);
    const volume = { apiVersion: 'v1alpha1', kind: 'VolumeConfig', name: 'STATE', provisioning: { maxSize: '10GiB' } };
    return { contract, docs: [v1, volume], verdict: talos(contract, [v1, volume]) };
  }),
);

test('VolumeConfig conflicts only when it sets encryption itself', () => {
  for (const { contract, docs, verdict: answer } of encryptionPairs()) {
    assert.equal(talgen(contract, docs), [], contract);
    const verdict = answer();
    if (verdict !== undefined) assert.not.ok(verdict.includes('system disk encryption'), `${contract}: ${verdict}`);
  }
});

const nameserverPairs = upFront(() =>
  CONTRACTS.map((contract) => {
    const v1 = cleanFor(contract, 'ResolverConfig');
    setPath(v1, 'machine.network.nameservers', ['dns.example.com']);
    const resolver = { apiVersion: 'v1alpha1', kind: 'ResolverConfig', nameservers: [{ address: '1.1.1.1' }] };
    return { contract, docs: [v1, resolver], verdict: talos(contract, [v1, resolver]) };
  }),
);

test('nameservers that are not IP addresses do not count as set (Talos drops them)', () => {
  for (const { contract, docs, verdict: answer } of nameserverPairs()) {
    assert.equal(talgen(contract, docs), [], contract);
    const verdict = answer();
    if (verdict !== undefined) assert.not.ok(verdict.includes('nameservers is already set'), `${contract}: ${verdict}`);
  }
});

test.run();
