import { isIP } from 'node:net';
import { compareContracts, parseVersion, type Contract } from '../core/contract.js';
import { conflictIssues } from './conflicts.js';
import { docId, type Mode, type ValidationIssue } from './issues.js';
import { checkLabelValue, checkQualifiedName, checkTaintValue } from './labels.js';
import { isAddressOrCIDR, isCIDR, isDNSDomain, isURL } from './net.js';

type Obj = Record<string, unknown>;

function obj(v: unknown): Obj | undefined {
  if (v instanceof Map) return Object.fromEntries(v) as Obj;
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : undefined;
}
function arr(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [];
}
function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

/** Kubelet extraConfig keys Talos owns. */
const KUBELET_PROTECTED = [
  'apiVersion', 'authentication', 'authorization', 'cgroupRoot', 'kind', 'kubeletCgroups', 'port',
  'protectKernelDefaults', 'resolvConf', 'rotateCertificates', 'systemCgroups', 'staticPodPath', 'seccompDefault',
];

/**
 * Rules Talos has only in some releases (`v1alpha1_validation.go` per machinery version), by rule id; a rule not
 * listed applies to every contract.
 */
const RULE_SPANS: Readonly<Record<string, { since?: string; until?: string }>> = {
  'container-hostdns': { since: 'v1.7', until: 'v1.13' }, // `mode.InContainer()` block: added in v1.7, gone in v1.14
  'kernel-args-uki': { since: 'v1.12' }, // install.grubUseUKICmdline appeared in v1.12
  'hostdns-forward': { since: 'v1.13' },
};

function ruleApplies(rule: string, contract: Contract): boolean {
  const span = RULE_SPANS[rule];
  const cmp = (v: string) => compareContracts(contract, parseVersion(v)!);
  return !span || ((span.since === undefined || cmp(span.since) >= 0) && (span.until === undefined || cmp(span.until) <= 0));
}

/** Control-plane endpoint check shared by v1alpha1 and KubeClusterConfig (Talos: valid URI, host, port range). */
function checkEndpoint(endpoint: string): string | undefined {
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
    if (ruleApplies(rule, contract)) issues.push({ severity: 'error', doc, path, rule, message });
  };
  const warn = (doc: string, path: string, rule: string, message: string) =>
    issues.push({ severity: 'warning', doc, path, rule, message });

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
  }

  if (machine) {
    if (!['init', 'controlplane', 'worker'].includes(type)) {
      err(D, 'machine.type', 'machine-type', `unknown machine type "${type}" (init, controlplane or worker)`);
    }
    const install = obj(machine.install);
    const unattended = byKind.get('UnattendedInstallConfig')?.[0];
    if (mode === 'metal' && !unattended) {
      if (!install) err(D, 'machine.install', 'install-required', 'install instructions are required in "metal" mode');
      else if (!str(install.disk) && !obj(install.diskSelector)) {
        err(D, 'machine.install.disk', 'install-disk', 'an install disk or diskSelector is required in "metal" mode');
      }
    }
    if (mode === 'metal' && install && arr(install.extraKernelArgs).length > 0 && install.grubUseUKICmdline === true) {
      err(D, 'machine.install.extraKernelArgs', 'kernel-args-uki',
        'install.extraKernelArgs and install.grubUseUKICmdline can\'t be used together (set grubUseUKICmdline: false)');
    }

    const features = obj(machine.features);
    const hostDNS = obj(features?.hostDNS) ?? obj(byKind.get('ResolverConfig')?.[0]?.hostDNS);
    if (mode === 'container' && (hostDNS?.enabled !== true || hostDNS?.forwardKubeDNSToHost !== true)) {
      err(D, 'machine.features.hostDNS', 'container-hostdns', 'hostDNS with forwardKubeDNSToHost must be enabled in "container" mode');
    }
    if (hostDNS?.forwardKubeDNSToHost === true && hostDNS.enabled !== true) {
      err(D, 'machine.features.hostDNS.forwardKubeDNSToHost', 'hostdns-forward', 'forwardKubeDNSToHost requires hostDNS to be enabled');
    }

    const ca = obj(machine.ca);
    if (!ca && arr(machine.acceptedCAs).length === 0) err(D, 'machine.ca', 'machine-ca', 'machine.ca or machine.acceptedCAs is required');
    if (ca) {
      if (isCP && !str(ca.key)) err(D, 'machine.ca.key', 'machine-ca-key', 'control plane nodes need the OS CA key');
      if (type === 'worker' && str(ca.key)) err(D, 'machine.ca.key', 'worker-ca-key', 'worker nodes must not carry the OS CA key');
    }

    const kubelet = obj(machine.kubelet);
    for (const [i, subnet] of arr(obj(kubelet?.nodeIP)?.validSubnets).entries()) {
      const s = String(subnet).replace(/^!/, '');
      if (!isCIDR(s) && !isIP(s)) err(D, `machine.kubelet.nodeIP.validSubnets[${i}]`, 'subnet', `"${String(subnet)}" is not a valid subnet`);
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
    for (const [i, dev] of arr(network?.interfaces).entries()) {
      const d = obj(dev) ?? {};
      const p = `machine.network.interfaces[${i}]`;
      const hasIf = typeof d.interface === 'string' && d.interface !== '';
      const hasSel = obj(d.deviceSelector) !== undefined && Object.keys(obj(d.deviceSelector)!).length > 0;
      if (hasIf === hasSel) err(D, p, 'device-selector', 'exactly one of interface or deviceSelector must be set');
      if (obj(d.bond) && obj(d.bridge)) err(D, p, 'bond-bridge', 'interface can\'t be both a bond and a bridge');
      if (str(d.cidr) && arr(d.addresses).length) err(D, p, 'cidr-addresses', 'cidr and addresses are mutually exclusive');
      if (str(d.cidr)) warn(D, `${p}.cidr`, 'deprecated', '"cidr" is deprecated, use "addresses"');
      for (const [j, a] of arr(d.addresses).entries()) {
        if (!isAddressOrCIDR(String(a))) err(D, `${p}.addresses[${j}]`, 'address', `"${String(a)}" is not a valid address`);
      }
      for (const [j, r] of arr(d.routes).entries()) {
        const route = obj(r) ?? {};
        if (str(route.network) && !isCIDR(String(route.network))) err(D, `${p}.routes[${j}].network`, 'route', `"${String(route.network)}" is not a valid CIDR`);
        if (str(route.gateway) && !isIP(String(route.gateway))) err(D, `${p}.routes[${j}].gateway`, 'route', `"${String(route.gateway)}" is not a valid IP`);
      }
      const vip = obj(d.vip);
      if (vip && str(vip.ip) && !isIP(String(vip.ip))) err(D, `${p}.vip.ip`, 'vip', `"${String(vip.ip)}" is not a valid IP`);
      if (vip && type === 'worker') err(D, `${p}.vip`, 'worker-vip', 'virtual IPs are only allowed on control plane nodes');
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
    for (const key of ['podSubnets', 'serviceSubnets'] as const) {
      for (const [i, s] of arr(net?.[key]).entries()) {
        if (!isCIDR(String(s))) err(D, `cluster.network.${key}[${i}]`, 'cidr', `"${String(s)}" is not a valid CIDR`);
      }
    }
    const cni = obj(net?.cni);
    if (cni && isCP) {
      const name = str(cni.name) ?? '';
      const urls = arr(cni.urls);
      if (!['flannel', 'custom', 'none'].includes(name)) err(D, 'cluster.network.cni.name', 'cni', `CNI "${name}" must be flannel, custom or none`);
      if ((name === 'flannel' || name === 'none') && urls.length) err(D, 'cluster.network.cni.urls', 'cni', `CNI "${name}" takes no urls`);
      if (name === 'custom') {
        if (!urls.length) warn(D, 'cluster.network.cni.urls', 'cni', 'custom CNI without urls: install it yourself');
        for (const [i, u] of urls.entries()) if (!isURL(String(u))) err(D, `cluster.network.cni.urls[${i}]`, 'cni', `"${String(u)}" is not a valid URL`);
      }
    }
    if (type === 'worker') {
      if (str(obj(cluster.ca)?.key)) err(D, 'cluster.ca.key', 'worker-ca-key', 'worker nodes must not carry the Kubernetes CA key');
      if (cluster.etcd !== undefined && obj(cluster.etcd) && Object.keys(obj(cluster.etcd)!).length) {
        err(D, 'cluster.etcd', 'worker-etcd', 'etcd settings are only allowed on control plane nodes');
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
    if (auto !== undefined && auto !== 'off' && hostname) err('HostnameConfig', 'hostname', 'hostname', 'hostname and auto are mutually exclusive (set auto: off)');
    if (auto !== undefined && !['off', 'stable'].includes(String(auto))) err('HostnameConfig', 'auto', 'hostname', `auto must be "off" or "stable"`);
    if (hostname) {
      if (hostname.length > 253) err('HostnameConfig', 'hostname', 'hostname', 'hostname is longer than 253 characters');
      if (hostname.split('.').some((l) => l.length > 63 || l.length === 0)) err('HostnameConfig', 'hostname', 'hostname', 'each hostname label must be 1–63 characters');
    }
  }
  if (kubeCluster && str(kubeCluster.endpoint)) {
    const problem = checkEndpoint(String(kubeCluster.endpoint));
    if (problem) err('KubeClusterConfig', 'endpoint', 'endpoint', problem);
  }
  issues.push(...conflictIssues(v1, [...byKind.values()].flat(), contract));
  return issues;
}
