import { isIP } from '../core/ip.js';
import type { Contract } from '../core/contract.js';
import { docId, type ValidationIssue } from './issues.js';
import { inSpan } from './read.js';

/**
 * Talos's cross-document validation: a multi-document kind that takes over a v1alpha1 setting refuses the config
 * when the v1alpha1 document sets it too (`V1Alpha1ConflictValidate` in siderolabs/talos
 * pkg/machinery/config/types/**, run by the config container's `Validate` after every document's own checks).
 *
 * One row per check, in the order Talos makes them: Talos stops at a kind's first failing check, so does talgen.
 * A row fires for a document of `kind` when every `when` test holds on that document and `test` holds on the
 * v1alpha1 value at `v1alpha1` (a dotted path). Rows apply to contracts `since` and newer.
 */
export interface ConflictRow {
  kind: string;
  v1alpha1: string;
  test: FieldTest;
  when?: readonly { path: string; test: FieldTest }[];
  since: string;
  /** Talos's error text, word for word. */
  message: string;
}

/**
 * How Talos reads "is set" (Go decode of YAML: an absent or null key leaves a nil pointer/slice/map):
 * - `present`: a non-nil value (`{}` and `[]` count);
 * - `nonEmpty`: a non-empty string, a list or map with a non-null entry (a struct of pointers that is not zero);
 * - `true`: a `*bool` dereferenced;
 * - `anyIP`: a list with at least one entry that parses as an IP address (`Resolvers()` drops the rest);
 * - `nonZero`: a number other than 0, a duration other than 0 (`0s`, `0m0s`);
 * - `{ equals }`: that exact string.
 */
export type FieldTest = 'present' | 'nonEmpty' | 'true' | 'anyIP' | 'nonZero' | { equals: string };

export const CONFLICT_ROWS: readonly ConflictRow[] = [
  // network/resolver.go
  {
    kind: 'ResolverConfig',
    v1alpha1: 'machine.network.searchDomains',
    test: 'present',
    since: 'v1.12',
    message: '.machine.network.searchDomains is already set in v1alpha1 config',
  },
  {
    kind: 'ResolverConfig',
    v1alpha1: 'machine.network.nameservers',
    test: 'anyIP',
    since: 'v1.12',
    message: '.machine.network.nameservers is already set in v1alpha1 config',
  },
  {
    kind: 'ResolverConfig',
    v1alpha1: 'machine.network.disableSearchDomain',
    test: 'true',
    since: 'v1.12',
    message: '.machine.network.disableSearchDomain is already set in v1alpha1 config',
  },
  {
    kind: 'ResolverConfig',
    v1alpha1: 'machine.features.hostDNS',
    test: 'present',
    when: [{ path: 'hostDNS', test: 'nonEmpty' }],
    since: 'v1.14',
    message: '.machine.features.hostDNS is already set in v1alpha1 config',
  },
  // network/time_sync.go (only when machine.time is present at all)
  {
    kind: 'TimeSyncConfig',
    v1alpha1: 'machine.time.disabled',
    test: 'true',
    since: 'v1.12',
    message: 'time sync cannot be disabled in both v1alpha1 and new-style configuration',
  },
  {
    kind: 'TimeSyncConfig',
    v1alpha1: 'machine.time.servers',
    test: 'nonEmpty',
    since: 'v1.12',
    message: 'time servers cannot be specified in both v1alpha1 and new-style configuration',
  },
  {
    kind: 'TimeSyncConfig',
    v1alpha1: 'machine.time.bootTimeout',
    test: 'nonZero',
    since: 'v1.12',
    message: 'boot timeout cannot be specified in both v1alpha1 and new-style configuration',
  },
  // network/hostname.go
  {
    kind: 'HostnameConfig',
    v1alpha1: 'machine.network.hostname',
    test: 'nonEmpty',
    since: 'v1.12',
    message: 'static hostname is already set in v1alpha1 config',
  },
  {
    kind: 'HostnameConfig',
    v1alpha1: 'machine.features.stableHostname',
    test: 'true',
    since: 'v1.12',
    message: 'stable hostname is already set in v1alpha1 config',
  },
  // block/volume_config.go (STATE and EPHEMERAL only, and only when the VolumeConfig sets encryption)
  {
    kind: 'VolumeConfig',
    v1alpha1: 'machine.systemDiskEncryption.state',
    test: 'present',
    when: [
      { path: 'name', test: { equals: 'STATE' } },
      { path: 'encryption', test: 'present' },
    ],
    since: 'v1.12',
    message: 'system disk encryption for "STATE" is configured in both v1alpha1.Config and VolumeConfig',
  },
  {
    kind: 'VolumeConfig',
    v1alpha1: 'machine.systemDiskEncryption.ephemeral',
    test: 'present',
    when: [
      { path: 'name', test: { equals: 'EPHEMERAL' } },
      { path: 'encryption', test: 'present' },
    ],
    since: 'v1.12',
    message: 'system disk encryption for "EPHEMERAL" is configured in both v1alpha1.Config and VolumeConfig',
  },
  // network/kubespan.go
  {
    kind: 'KubeSpanConfig',
    v1alpha1: 'machine.network.kubespan',
    test: 'present',
    since: 'v1.13',
    message: 'kubespan is already configured in v1alpha1 machine.network.kubespan',
  },
  // cluster/discovery_identity.go, cluster/discovery_service.go
  {
    kind: 'DiscoveryIdentityConfig',
    v1alpha1: 'cluster.id',
    test: 'nonEmpty',
    since: 'v1.14',
    message: 'cluster identity is already configured in .cluster.id/.cluster.secret of the v1alpha1 config',
  },
  {
    kind: 'DiscoveryIdentityConfig',
    v1alpha1: 'cluster.secret',
    test: 'nonEmpty',
    since: 'v1.14',
    message: 'cluster identity is already configured in .cluster.id/.cluster.secret of the v1alpha1 config',
  },
  {
    kind: 'DiscoveryServiceConfig',
    v1alpha1: 'cluster.discovery',
    test: 'present',
    since: 'v1.14',
    message: 'discovery service is already configured in .cluster.discovery of the v1alpha1 config',
  },
  // cri/base_runtime_spec.go, cri/image_cache.go
  {
    kind: 'CRIBaseRuntimeSpecConfig',
    v1alpha1: 'machine.baseRuntimeSpecOverrides',
    test: 'present',
    since: 'v1.14',
    message: 'base runtime spec overrides are already set in v1alpha1 config',
  },
  {
    kind: 'ImageCacheConfig',
    v1alpha1: 'machine.features.imageCache',
    test: 'present',
    since: 'v1.14',
    message: 'image cache config is already set in v1alpha1 config',
  },
  // k8s/*.go
  {
    kind: 'KubeAdmissionControlConfig',
    v1alpha1: 'cluster.apiServer.admissionControl',
    test: 'nonEmpty',
    since: 'v1.14',
    message: 'admission control plugin config is already set in v1alpha1 config',
  },
  {
    kind: 'KubeAggregatorCAConfig',
    v1alpha1: 'cluster.aggregatorCA',
    test: 'present',
    since: 'v1.14',
    message:
      'kube-apiserver aggregator CA is already set in v1alpha1 config (.cluster.aggregatorCA), please remove it and use the new KubeAggregatorCAConfig document instead',
  },
  {
    kind: 'KubeAPIServerConfig',
    v1alpha1: 'cluster.apiServer',
    test: 'present',
    since: 'v1.14',
    message: 'kube-apiserver config is already set in v1alpha1 config (.cluster.apiServer)',
  },
  {
    kind: 'KubeAPIServerConfig',
    v1alpha1: 'cluster.controlPlane.localAPIServerPort',
    test: 'nonZero',
    since: 'v1.14',
    message: 'kube-apiserver API port is already set in v1alpha1 config (.cluster.controlPlane.localAPIServerPort)',
  },
  {
    kind: 'KubeAPIServerCAConfig',
    v1alpha1: 'cluster.ca',
    test: 'present',
    since: 'v1.14',
    message: 'kube-apiserver CA is already set in v1alpha1 config (.cluster.ca)',
  },
  {
    kind: 'KubeAuditPolicyConfig',
    v1alpha1: 'cluster.apiServer.auditPolicy',
    test: 'nonEmpty',
    since: 'v1.14',
    message: 'audit policy config is already set in v1alpha1 config',
  },
  // Talos checks the admission plugins here too, with the admission control message
  {
    kind: 'KubeAuthorizerConfig',
    v1alpha1: 'cluster.apiServer.admissionControl',
    test: 'nonEmpty',
    since: 'v1.14',
    message: 'admission control plugin config is already set in v1alpha1 config',
  },
  {
    kind: 'KubeClusterConfig',
    v1alpha1: 'cluster.clusterName',
    test: 'nonEmpty',
    since: 'v1.14',
    message:
      'cluster name is already set in the v1alpha1 config (.cluster.clusterName). Please remove it and use only the new KubeClusterConfig document to avoid conflicts',
  },
  {
    kind: 'KubeClusterConfig',
    v1alpha1: 'cluster.controlPlane.endpoint',
    test: 'present',
    since: 'v1.14',
    message:
      'cluster endpoint is already set in the v1alpha1 config (.cluster.controlPlane.endpoint). Please remove it and use only the new KubeClusterConfig document to avoid conflicts',
  },
  {
    kind: 'KubeControllerManagerConfig',
    v1alpha1: 'cluster.controllerManager',
    test: 'present',
    since: 'v1.14',
    message: 'kube-controller-manager config is already set in v1alpha1 config (.cluster.controllerManager)',
  },
  {
    kind: 'KubeControllerManagerConfig',
    v1alpha1: 'machine.controlPlane.controllerManager',
    test: 'present',
    since: 'v1.14',
    message: 'kube-controller-manager config is already set in v1alpha1 config (.machine.controlplane.controllerManager)',
  },
  {
    kind: 'KubeCoreDNSConfig',
    v1alpha1: 'cluster.coreDNS',
    test: 'present',
    since: 'v1.14',
    message: 'CoreDNS config is already set in v1alpha1 config (.cluster.coreDNS)',
  },
  {
    kind: 'KubeCredentialProviderConfig',
    v1alpha1: 'machine.kubelet',
    test: 'present',
    since: 'v1.14',
    message: 'cannot use KubeCredentialProviderConfig with legacy kubelet configuration (.machine.kubelet)',
  },
  {
    kind: 'KubeEtcdEncryptionConfig',
    v1alpha1: 'cluster.secretboxEncryptionSecret',
    test: 'nonEmpty',
    since: 'v1.14',
    message: 'etcd encryption config is already set in v1alpha1 config',
  },
  {
    kind: 'KubeEtcdEncryptionConfig',
    v1alpha1: 'cluster.aescbcEncryptionSecret',
    test: 'nonEmpty',
    since: 'v1.14',
    message: 'etcd encryption config is already set in v1alpha1 config',
  },
  {
    kind: 'KubeFlannelCNIConfig',
    v1alpha1: 'cluster.network',
    test: 'present',
    since: 'v1.14',
    message:
      "cluster network config in v1alpha1 config (.machine.cluster.network) can't be used with KubeFlannelCNIConfig document, please remove it to avoid conflicts",
  },
  {
    kind: 'KubeletConfig',
    v1alpha1: 'machine.kubelet',
    test: 'present',
    since: 'v1.14',
    message: 'kubelet config is already set in v1alpha1 config (.machine.kubelet)',
  },
  {
    kind: 'KubePrismConfig',
    v1alpha1: 'machine.features.kubePrism',
    test: 'present',
    since: 'v1.14',
    message:
      "KubePrism config in v1alpha1 config (.machine.features.kubePrism) can't be used with KubePrismConfig document, please remove it to avoid conflicts",
  },
  {
    kind: 'KubeNetworkConfig',
    v1alpha1: 'cluster.network',
    test: 'present',
    since: 'v1.14',
    message:
      'cluster network config is already set in the v1alpha1 config (.machine.cluster.network). Please remove it and use only the new KubeNetworkConfig document to avoid conflicts',
  },
  {
    kind: 'KubeNodeConfig',
    v1alpha1: 'cluster.allowSchedulingOnControlPlanes',
    test: 'present',
    since: 'v1.14',
    message: '.cluster.allowSchedulingOnControlPlanes is already set in v1alpha1 config',
  },
  {
    kind: 'KubeNodeConfig',
    v1alpha1: 'cluster.allowSchedulingOnMasters',
    test: 'present',
    since: 'v1.14',
    message: '.cluster.allowSchedulingOnMasters is already set in v1alpha1 config',
  },
  {
    kind: 'KubeNodeConfig',
    v1alpha1: 'machine.kubelet.skipNodeRegistration',
    test: 'present',
    since: 'v1.14',
    message: '.machine.kubelet.skipNodeRegistration is already set in v1alpha1 config',
  },
  {
    kind: 'KubeNodeConfig',
    v1alpha1: 'machine.kubelet.registerWithFQDN',
    test: 'present',
    since: 'v1.14',
    message: '.machine.kubelet.registerWithFQDN is already set in v1alpha1 config',
  },
  {
    kind: 'KubeNodeConfig',
    v1alpha1: 'machine.kubelet.nodeIP',
    test: 'present',
    since: 'v1.14',
    message: '.machine.kubelet.nodeIP is already set in v1alpha1 config',
  },
  { kind: 'KubeNodeConfig', v1alpha1: 'machine.nodeLabels', test: 'present', since: 'v1.14', message: '.machine.nodeLabels is already set in v1alpha1 config' },
  {
    kind: 'KubeNodeConfig',
    v1alpha1: 'machine.nodeAnnotations',
    test: 'present',
    since: 'v1.14',
    message: '.machine.nodeAnnotations is already set in v1alpha1 config',
  },
  { kind: 'KubeNodeConfig', v1alpha1: 'machine.nodeTaints', test: 'present', since: 'v1.14', message: '.machine.nodeTaints is already set in v1alpha1 config' },
  {
    kind: 'KubeProxyConfig',
    v1alpha1: 'cluster.proxy',
    test: 'present',
    since: 'v1.14',
    message:
      "cluster proxy config in v1alpha1 config (.machine.cluster.proxy) can't be used with KubeProxyConfig document, please remove it to avoid conflicts",
  },
  {
    kind: 'KubeSchedulerConfig',
    v1alpha1: 'cluster.scheduler',
    test: 'present',
    since: 'v1.14',
    message: 'kube-scheduler config is already set in v1alpha1 config (.cluster.scheduler)',
  },
  {
    kind: 'KubeSchedulerConfig',
    v1alpha1: 'machine.controlPlane.scheduler',
    test: 'present',
    since: 'v1.14',
    message: 'kube-scheduler config is already set in v1alpha1 config (.machine.controlplane.scheduler)',
  },
  {
    kind: 'KubeServiceAccountConfig',
    v1alpha1: 'cluster.serviceAccount',
    test: 'present',
    since: 'v1.14',
    message: 'service account is already set in v1alpha1 config (.cluster.serviceAccount)',
  },
  {
    kind: 'KubeTalosAPIAccessConfig',
    v1alpha1: 'machine.features.kubernetesTalosAPIAccess',
    test: 'present',
    since: 'v1.14',
    message: '.machine.features.kubernetesTalosAPIAccess is already set in v1alpha1 config',
  },
  // runtime/unattended_install.go
  {
    kind: 'UnattendedInstallConfig',
    v1alpha1: 'machine.install',
    test: 'present',
    since: 'v1.14',
    message: 'UnattendedInstallConfig config is incompatible with v1alpha1 config (.machine.install)',
  },
];

function valueAt(doc: unknown, path: string): unknown {
  let v: unknown = doc;
  for (const key of path.split('.')) {
    if (v instanceof Map) v = v.get(key);
    else if (v !== null && typeof v === 'object' && !Array.isArray(v)) v = (v as Record<string, unknown>)[key];
    else return undefined;
  }
  return v;
}

function entries(v: unknown): unknown[] {
  if (v instanceof Map) return [...v.values()];
  if (Array.isArray(v)) return v;
  if (v !== null && typeof v === 'object') return Object.values(v);
  return [];
}

/** A zero number or duration as Go decodes it: absent, 0, or a duration string whose every part is 0. */
function isZero(v: unknown): boolean {
  if (v === undefined || v === null || v === 0 || v === '') return true;
  return typeof v === 'string' && /^[+-]?(0+(\.0*)?[a-z\u00b5\u03bc]+)+$/.test(v);
}

function passes(v: unknown, test: FieldTest): boolean {
  if (typeof test === 'object') return v === test.equals;
  switch (test) {
    case 'present':
      return v !== undefined && v !== null;
    case 'nonEmpty':
      return typeof v === 'string' ? v !== '' : entries(v).some((x) => x !== undefined && x !== null);
    case 'true':
      return v === true;
    case 'anyIP':
      return Array.isArray(v) && v.some((a) => typeof a === 'string' && isIP(a) !== 0);
    case 'nonZero':
      return !isZero(v);
  }
}

/** The conflicts between the v1alpha1 document and the other documents, one issue per conflicting document. */
export function conflictIssues(v1: unknown, docs: readonly Record<string, unknown>[], contract: Contract): ValidationIssue[] {
  if (v1 === undefined) return [];
  const issues: ValidationIssue[] = [];
  const rows = CONFLICT_ROWS.filter((r) => inSpan(contract, r));
  for (const doc of docs) {
    for (const row of rows.filter((r) => r.kind === doc.kind)) {
      if (!(row.when ?? []).every((w) => passes(valueAt(doc, w.path), w.test))) continue;
      if (!passes(valueAt(v1, row.v1alpha1), row.test)) continue;
      issues.push({ severity: 'error', doc: docId(doc), path: row.v1alpha1, rule: 'v1alpha1-conflict', message: row.message });
      break;
    }
  }
  return issues;
}
