import type { Contract } from '../core/contract.js';
import { TALOS_ROLES } from '../core/talos-roles.js';
import { conflictIssues } from './conflicts.js';
import { deprecationWarnings } from './deprecations.js';
import { documentIssues, KUBESPAN_MIN_MTU } from './documents.js';
import { checkDevices } from './devices.js';
import { checkStorage } from './storage.js';
import { docId, type Mode, type ValidationIssue } from './issues.js';
import { checkLabelValue, checkQualifiedName, checkTaintValue } from './labels.js';
import { isCIDR, isDNSDomain, isSubnetFilter, isURL } from './net.js';
import { DISK_TYPE_AS_WRITTEN, DISK_TYPE_LOWER_CASED, DISK_TYPES, knownDiskType, selectsDisk } from './install-disk.js';
import { arr, inSpan, obj, str, type Obj } from './read.js';

/** Kubelet extraConfig keys Talos owns. */
const KUBELET_PROTECTED = [
  'apiVersion',
  'authentication',
  'authorization',
  'cgroupRoot',
  'kind',
  'kubeletCgroups',
  'port',
  'protectKernelDefaults',
  'resolvConf',
  'rotateCertificates',
  'systemCgroups',
  'staticPodPath',
  'seccompDefault',
];

/**
 * Rules Talos has only in some releases (`v1alpha1_validation.go` per machinery version), by rule id; a rule not
 * listed applies to every contract.
 */
const RULE_SPANS: Readonly<Record<string, { since?: string; until?: string }>> = {
  'container-hostdns': { since: 'v1.7', until: 'v1.13' }, // `mode.InContainer()` block: added in v1.7, gone in v1.14
  'install-required': { until: 'v1.13' }, // v1.14 deprecates .machine.install for UnattendedInstallConfig: both optional
  'kubespan-identity': { until: 'v1.13' }, // v1.14 keeps the cluster identity in DiscoveryIdentityConfig, unchecked
  'kernel-args-uki': { since: 'v1.12' }, // install.grubUseUKICmdline appeared in v1.12
  'hostdns-forward': { since: 'v1.13' },
  persist: { since: 'v1.6' },
  'machine-ca': { since: 'v1.8' }, // "issuing CA or some accepted CAs are required"
  'machine-ca-key': { since: 'v1.8' },
  'worker-ca-key': { since: 'v1.7' },
  // machine.install.diskSelector.type: go-blockdevice's disk.Type until v1.8 (decoding lower-cases it and refuses
  // other names, in every mode); a plain string from v1.9, checked by DiskMatchExpression in metal mode, as written.
  'disk-type-decode': DISK_TYPE_LOWER_CASED,
  'disk-type-selector': DISK_TYPE_AS_WRITTEN,
};

/** Endpoints checked so far with their problem, if any: every node of a cluster has the same endpoint. */
const endpointProblems = new Map<string, string | undefined>();

/** Control-plane endpoint check shared by v1alpha1 and KubeClusterConfig (Talos: valid URI, host, port range). */
function checkEndpoint(endpoint: string): string | undefined {
  if (endpointProblems.has(endpoint)) return endpointProblems.get(endpoint);
  const problem = endpointProblem(endpoint);
  if (endpointProblems.size < 256) endpointProblems.set(endpoint, problem);
  return problem;
}

function endpointProblem(endpoint: string): string | undefined {
  let u: URL;
  try {
    u = new URL(endpoint);
  } catch {
    return `"${endpoint}" is not a valid URL`;
  }
  if (!u.hostname) return `"${endpoint}" has no host`;
  if (u.port !== '' && !(Number(u.port) >= 1 && Number(u.port) <= 65535)) return `"${endpoint}" has an invalid port`;
  return undefined;
}

/**
 * Talos's semantic validation (`ValidateAsClient` rules) for a rendered multi-document config.
 * Schema checks (types, unknown keys) are done separately by `validateSchema`.
 */
export function validateSemantics(docs: unknown[], mode: Mode, contract: Contract): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const seen = new Set<string>();
  let v1: Obj | undefined;
  const byKind = new Map<string, Obj[]>();

  for (const raw of docs) {
    const d = obj(raw);
    if (!d) {
      issues.push({ severity: 'error', doc: '?', path: '', rule: 'document', message: 'document is not a mapping' });
      continue;
    }
    const id = docId(d);
    if (seen.has(id)) issues.push({ severity: 'error', doc: id, path: '', rule: 'duplicate-document', message: `duplicate document ${id}` });
    seen.add(id);
    if (d.kind === undefined) v1 = d;
    else {
      const kind = String(d.kind);
      byKind.set(kind, [...(byKind.get(kind) ?? []), d]);
    }
  }

  const err = (doc: string, path: string, rule: string, message: string) => {
    if (inSpan(contract, RULE_SPANS[rule] ?? {})) issues.push({ severity: 'error', doc, path, rule, message });
  };
  const warn = (doc: string, path: string, rule: string, message: string) => issues.push({ severity: 'warning', doc, path, rule, message });

  const D = 'v1alpha1';
  const machine = obj(v1?.machine);
  const cluster = obj(v1?.cluster);
  const type = str(machine?.type) ?? '';
  const isCP = type === 'controlplane' || type === 'init';
  const kubeCluster = byKind.get('KubeClusterConfig')?.[0];

  if (v1) {
    if (v1.persist === false) err(D, 'persist', 'persist', 'persist must be true');
    if (!machine) err(D, 'machine', 'machine-required', 'machine instructions are required');
    if (!cluster) err(D, 'cluster', 'cluster-required', 'cluster instructions are required');
    for (const w of deprecationWarnings(v1, contract)) warn(D, w.path, 'deprecated', w.message);
  }

  if (machine) {
    if (!['init', 'controlplane', 'worker'].includes(type)) {
      err(D, 'machine.type', 'machine-type', `unknown machine type "${type}" (init, controlplane or worker)`);
    }
    const install = obj(machine.install);
    const unattended = byKind.get('UnattendedInstallConfig')?.[0];
    if (mode === 'metal' && !unattended) {
      if (!install) err(D, 'machine.install', 'install-required', 'install instructions are required in "metal" mode');
      else if (!str(install.disk) && !selectsDisk(obj(install.diskSelector), contract)) {
        err(D, 'machine.install.disk', 'install-disk', 'an install disk or diskSelector is required in "metal" mode');
      }
    }
    // "" is unset: the field is omitempty, so Talos never reads it.
    const diskType = obj(install?.diskSelector)?.type;
    if (diskType !== undefined && diskType !== '') {
      const t = String(diskType);
      if (!DISK_TYPES.includes(t.toLowerCase())) err(D, 'machine.install.diskSelector.type', 'disk-type-decode', `unknown disk type ${t.toLowerCase()}`);
      if (mode === 'metal' && !knownDiskType(t, contract)) {
        err(D, 'machine.install.diskSelector.type', 'disk-type-selector', `install disk selector is invalid: unsupported disk type "${t}"`);
      }
    }
    if (mode === 'metal' && install && arr(install.extraKernelArgs).length > 0 && install.grubUseUKICmdline === true) {
      err(
        D,
        'machine.install.extraKernelArgs',
        'kernel-args-uki',
        "install.extraKernelArgs and install.grubUseUKICmdline can't be used together (set grubUseUKICmdline: false)",
      );
    }

    const features = obj(machine.features);
    const hostDNS = obj(features?.hostDNS) ?? obj(byKind.get('ResolverConfig')?.[0]?.hostDNS);
    if (mode === 'container' && (hostDNS?.enabled !== true || hostDNS?.forwardKubeDNSToHost !== true)) {
      err(D, 'machine.features.hostDNS', 'container-hostdns', 'hostDNS with forwardKubeDNSToHost must be enabled in "container" mode');
    }
    if (hostDNS?.forwardKubeDNSToHost === true && hostDNS.enabled !== true) {
      err(D, 'machine.features.hostDNS.forwardKubeDNSToHost', 'hostdns-forward', 'forwardKubeDNSToHost requires hostDNS to be enabled');
    }
    const apiAccess = obj(features?.kubernetesTalosAPIAccess);
    if (apiAccess?.enabled === true) {
      const p = 'machine.features.kubernetesTalosAPIAccess';
      if (!isCP) err(D, p, 'talos-api-access', 'feature Kubernetes Talos API Access can only be enabled on control plane machines');
      const roles = TALOS_ROLES.filter((r) => inSpan(contract, r)).map((r) => r.role);
      for (const [i, r] of arr(apiAccess.allowedRoles).entries()) {
        if (!roles.includes(String(r)))
          err(D, `${p}.allowedRoles[${i}]`, 'talos-api-access', `invalid role "${String(r)}" in allowed roles for Kubernetes Talos API Access`);
      }
    }

    const ca = obj(machine.ca);
    if (!ca && arr(machine.acceptedCAs).length === 0) err(D, 'machine.ca', 'machine-ca', 'machine.ca or machine.acceptedCAs is required');
    if (ca) {
      if (isCP && !str(ca.key)) err(D, 'machine.ca.key', 'machine-ca-key', 'control plane nodes need the OS CA key');
      if (type === 'worker' && str(ca.key)) err(D, 'machine.ca.key', 'worker-ca-key', 'worker nodes must not carry the OS CA key');
    }

    const kubelet = obj(machine.kubelet);
    for (const [i, subnet] of arr(obj(kubelet?.nodeIP)?.validSubnets).entries()) {
      if (!isSubnetFilter(String(subnet))) err(D, `machine.kubelet.nodeIP.validSubnets[${i}]`, 'subnet', `"${String(subnet)}" is not a valid subnet`);
    }
    const extraConfig = obj(kubelet?.extraConfig);
    for (const key of KUBELET_PROTECTED) {
      if (extraConfig && key in extraConfig) {
        err(D, `machine.kubelet.extraConfig.${key}`, 'kubelet-extra-config', `kubelet extraConfig field "${key}" is managed by Talos and can't be overridden`);
      }
    }

    for (const [field, check] of [
      ['nodeLabels', checkLabelValue],
      ['nodeAnnotations', undefined],
      ['nodeTaints', checkTaintValue],
    ] as const) {
      const m = obj(machine[field]);
      if (!m) continue;
      for (const [k, v] of Object.entries(m)) {
        const keyProblem = checkQualifiedName(k);
        if (keyProblem) err(D, `machine.${field}.${k}`, 'label-key', keyProblem);
        const valueProblem = check && typeof v === 'string' ? check(v) : undefined;
        if (valueProblem) err(D, `machine.${field}.${k}`, 'label-value', valueProblem);
      }
    }

    const network = obj(machine.network);
    checkDevices(
      arr(network?.interfaces),
      { worker: type === 'worker' },
      (path, rule, message) => err(D, path, rule, message),
      (path, rule, message) => warn(D, path, rule, message),
    );
    checkStorage(machine, (path, rule, message) => err(D, path, rule, message));
    const kubespan = obj(network?.kubespan);
    if (kubespan?.enabled === true) {
      if (typeof kubespan.mtu === 'number' && kubespan.mtu < KUBESPAN_MIN_MTU)
        err(D, 'machine.network.kubespan.mtu', 'kubespan', `KubeSpan link MTU must be at least ${KUBESPAN_MIN_MTU}`);
      if (!str(cluster?.id)) err(D, 'cluster.id', 'kubespan-identity', '.cluster.id should be set when KubeSpan is enabled');
      if (!str(cluster?.secret)) err(D, 'cluster.secret', 'kubespan-identity', '.cluster.secret should be set when KubeSpan is enabled');
      const filters = obj(kubespan.filters);
      for (const [i, f] of arr(filters?.endpoints).entries()) {
        if (!isSubnetFilter(String(f)))
          err(D, `machine.network.kubespan.filters.endpoints[${i}]`, 'kubespan', `KubeSpan endpoint filter "${String(f)}" is not a subnet or address`);
      }
      for (const [i, f] of arr(filters?.excludeAdvertisedNetworks).entries()) {
        if (!isCIDR(String(f))) err(D, `machine.network.kubespan.filters.excludeAdvertisedNetworks[${i}]`, 'kubespan', `"${String(f)}" is not a valid CIDR`);
      }
    }
    const extensions = arr(obj(machine.install)?.extensions).map((e) => String(obj(e)?.image ?? ''));
    for (const [i, image] of extensions.entries()) {
      if (extensions.indexOf(image) !== i) err(D, `machine.install.extensions[${i}]`, 'extensions', `duplicate system extension "${image}"`);
    }
    if (obj(network?.kubespan)?.enabled === true || byKind.get('KubeSpanConfig')?.[0]?.enabled === true) {
      const discovery = obj(cluster?.discovery);
      if (discovery?.enabled !== true && !byKind.has('DiscoveryServiceConfig')) {
        err(D, 'machine.network.kubespan', 'kubespan-discovery', 'KubeSpan requires cluster discovery to be enabled');
      }
    }
  }

  if (cluster) {
    const cp = obj(cluster.controlPlane);
    const endpoint = str(obj(cp?.endpoint) ? undefined : cp?.endpoint) ?? str(kubeCluster?.endpoint);
    if (!endpoint) err(D, 'cluster.controlPlane.endpoint', 'endpoint-required', 'cluster.controlPlane.endpoint is required');
    else {
      const problem = checkEndpoint(endpoint);
      if (problem) err(D, 'cluster.controlPlane.endpoint', 'endpoint', problem);
    }
    const net = obj(cluster.network);
    const dnsDomain = str(net?.dnsDomain);
    if (dnsDomain !== undefined && !isDNSDomain(dnsDomain)) err(D, 'cluster.network.dnsDomain', 'dns-domain', `"${dnsDomain}" is not a valid DNS domain`);
    const cni = obj(net?.cni);
    if (cni && isCP) {
      const name = str(cni.name) ?? '';
      const urls = arr(cni.urls);
      if (!['flannel', 'custom', 'none'].includes(name)) err(D, 'cluster.network.cni.name', 'cni', `CNI "${name}" must be flannel, custom or none`);
      if ((name === 'flannel' || name === 'none') && urls.length) err(D, 'cluster.network.cni.urls', 'cni', `CNI "${name}" takes no urls`);
      if (name === 'custom') {
        if (!urls.length) warn(D, 'cluster.network.cni.urls', 'cni', `"urls" field should not be empty for "custom" CNI`);
        for (const [i, u] of urls.entries()) if (!isURL(String(u))) err(D, `cluster.network.cni.urls[${i}]`, 'cni', `"${String(u)}" is not a valid URL`);
      }
    }
    if (type === 'worker') {
      if (str(obj(cluster.ca)?.key)) err(D, 'cluster.ca.key', 'worker-ca-key', 'worker nodes must not carry the Kubernetes CA key');
      if (obj(cluster.etcd)) err(D, 'cluster.etcd', 'worker-etcd', 'etcd settings are only allowed on control plane nodes');
    }
    const etcd = obj(cluster.etcd);
    if (etcd && type !== 'worker') {
      if (!obj(etcd.ca)) err(D, 'cluster.etcd.ca', 'etcd', 'the etcd CA (crt and key) is required');
      const advertised = arr(etcd.advertisedSubnets);
      if (str(etcd.subnet) && advertised.length) err(D, 'cluster.etcd.subnet', 'etcd', 'subnet and advertisedSubnets are mutually exclusive');
      const listen = arr(etcd.listenSubnets);
      for (const [key, subnets] of [
        ['advertisedSubnets', advertised.length ? advertised : str(etcd.subnet) ? [etcd.subnet] : []],
        ['listenSubnets', listen.length ? listen : advertised],
      ] as const) {
        for (const [i, subnet] of subnets.entries()) {
          if (!isSubnetFilter(String(subnet))) err(D, `cluster.etcd.${key}[${i}]`, 'etcd', `etcd ${key} entry "${String(subnet)}" is not a subnet or address`);
        }
      }
    }
    const cloudProvider = obj(cluster.externalCloudProvider);
    const manifests = arr(cloudProvider?.manifests);
    if (cloudProvider && cloudProvider.enabled !== true && manifests.length) {
      err(D, 'cluster.externalCloudProvider.manifests', 'external-cloud-provider', 'the external cloud provider is disabled but has manifests');
    } else {
      for (const [i, url] of manifests.entries()) {
        const problem = checkEndpoint(String(url));
        if (problem) err(D, `cluster.externalCloudProvider.manifests[${i}]`, 'external-cloud-provider', problem);
      }
    }
    const discovery = obj(cluster.discovery);
    const registries = obj(discovery?.registries);
    if (discovery?.enabled === true && obj(registries?.service)?.disabled !== true) {
      const ep = str(obj(registries?.service)?.endpoint);
      if (ep !== undefined) {
        let path = '';
        try {
          path = new URL(ep).pathname;
        } catch {
          err(D, 'cluster.discovery.registries.service.endpoint', 'discovery', `"${ep}" is not a valid URL`);
        }
        if (path !== '' && path !== '/') err(D, 'cluster.discovery.registries.service.endpoint', 'discovery', 'discovery endpoint must not have a path');
      }
      if (!byKind.has('DiscoveryIdentityConfig') && (!str(cluster.id) || !str(cluster.secret))) {
        err(D, 'cluster.id', 'discovery-identity', 'cluster discovery needs cluster.id and cluster.secret');
      }
    }
    const names = new Set<string>();
    for (const [i, m] of arr(cluster.inlineManifests).entries()) {
      const name = str(obj(m)?.name) ?? '';
      if (!name) err(D, `cluster.inlineManifests[${i}].name`, 'inline-manifest', 'inline manifest name is required');
      else if (names.has(name)) err(D, `cluster.inlineManifests[${i}].name`, 'inline-manifest', `duplicate inline manifest name "${name}"`);
      names.add(name);
    }
  }

  for (const h of byKind.get('HostnameConfig') ?? []) {
    const auto = h.auto;
    const hostname = str(h.hostname);
    if (auto === undefined && !hostname) err('HostnameConfig', '', 'hostname', 'either hostname or auto must be set');
    if (auto !== undefined && auto !== 'off' && hostname)
      err('HostnameConfig', 'hostname', 'hostname', 'hostname and auto are mutually exclusive (set auto: off)');
    if (auto !== undefined && !['off', 'stable'].includes(String(auto))) err('HostnameConfig', 'auto', 'hostname', `auto must be "off" or "stable"`);
    if (hostname) {
      if (hostname.length > 253) err('HostnameConfig', 'hostname', 'hostname', 'hostname is longer than 253 characters');
      if (hostname.split('.').some((l) => l.length > 63 || l.length === 0))
        err('HostnameConfig', 'hostname', 'hostname', 'each hostname label must be 1–63 characters');
    }
  }
  if (kubeCluster && str(kubeCluster.endpoint)) {
    const problem = checkEndpoint(String(kubeCluster.endpoint));
    if (problem) err('KubeClusterConfig', 'endpoint', 'endpoint', problem);
  }
  const others = [...byKind.values()].flat();
  issues.push(...documentIssues(others, contract), ...conflictIssues(v1, others, contract));
  return issues;
}
