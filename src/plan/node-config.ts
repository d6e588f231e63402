import { has, releaseOf } from '../core/contract-traits.js';
import { TalgenError } from '../core/errors.js';
import { renderGoTemplate, hasTemplate, type GoStruct } from '../template/index.js';
import { generateConfig, type BundleSecrets, type GenerateInput } from '../generate/index.js';
import type { Mode } from '../validate/index.js';
import { v1alpha1TemplateData } from './go-template-data.js';
import { nodeDocuments } from './multidoc/index.js';
import type { WarningSink } from '../core/issue.js';
import type { PlannedCluster, PlannedNode } from './types.js';
import { machineCertSANs } from './access.js';

type Doc = Record<string, unknown>;

function obj(parent: Doc, key: string): Doc {
  const v = parent[key];
  if (v && typeof v === 'object' && !Array.isArray(v) && !(v instanceof Map)) return v as Doc;
  const fresh: Doc = {};
  parent[key] = fresh;
  return fresh;
}

function toMap(rec: Record<string, string>): Map<string, string> {
  return new Map(Object.entries(rec));
}

/**
 * Base machine config of one node: Talos's generator for the node's type, then talhelper's node overrides
 * (the fields of talconfig that map 1:1 onto the machine config, set — not merged — like talhelper does),
 * the installer image, templated labels/annotations, CNI and inline manifests. `extraDocs` are talhelper's
 * extra documents, which the compiler merges on with Talos strategic merge before the user's patches.
 */
export function planNodeBase(
  cluster: PlannedCluster,
  node: PlannedNode,
  secrets: BundleSecrets,
  installerImage: string,
  mode: Mode,
  onWarning: WarningSink,
): { docs: Doc[]; extraDocs: Doc[] } {
  const c = cluster.contract;
  const at = `nodes[${node.index}]`;
  const split = has(c, 'splitLayout');
  if (split && node.installDiskSelector) {
    throw new TalgenError('installDiskSelector is not supported for Talos v1.14+ configs', {
      path: `${at}.installDiskSelector`,
      hint: 'use installDisk, or patch UnattendedInstallConfig.provisioning.diskSelector.match with a CEL expression',
    });
  }
  const input: GenerateInput = {
    clusterName: cluster.clusterName,
    endpoint: cluster.endpoint,
    kubernetesVersion: cluster.kubernetesVersion || releaseOf(c, { path: 'kubernetesVersion' }).kubernetes,
    contract: c,
    secrets,
    installDisk: split ? node.installDisk : undefined,
    installImage: installerImage,
    machineCertSANs: machineCertSANs(cluster, node),
    apiServerCertSANs: cluster.additionalApiServerCertSans,
    dnsDomain: cluster.domain || undefined,
    podSubnets: cluster.clusterPodNets,
    serviceSubnets: cluster.clusterSvcNets,
    allowSchedulingOnControlPlanes: cluster.allowSchedulingOnControlPlanes,
    hostDNSForwardKubeDNSToHost: mode === 'container' ? true : undefined,
    // talhelper builds its input with generate.NewInput, which turns cluster discovery on when no option sets it.
    discoveryEnabled: true,
  };
  let docs = generateConfig(input, node.controlPlane ? 'controlplane' : 'worker') as Doc[];
  const v1 = docs[0]!;
  const machine = obj(v1, 'machine');
  const clusterSection = obj(v1, 'cluster');

  // Legacy bundles (talhelper #81): keep the aescbc secret where the contract still reads it.
  if (!split && secrets.secrets.aescbcencryptionsecret && node.controlPlane) {
    clusterSection.aescbcEncryptionSecret = secrets.secrets.aescbcencryptionsecret;
  }

  if (!has(c, 'hostnameDocument')) {
    const network = obj(machine, 'network');
    if (!node.ignoreHostname) network.hostname = node.hostname;
    if (node.nameservers?.length) network.nameservers = [...node.nameservers];
    if (node.disableSearchDomain) network.disableSearchDomain = true;
    if (node.networkInterfaces?.length) network.interfaces = node.networkInterfaces;
  }

  if (!split) {
    const install = obj(machine, 'install');
    if (node.installDisk) install.disk = node.installDisk;
    if (node.installDiskSelector) install.diskSelector = node.installDiskSelector;
  }
  if (node.machineDisks?.length) machine.disks = node.machineDisks;
  if (node.kernelModules?.length) machine.kernel = { modules: node.kernelModules };

  const plainOf = (m: Record<string, string> | undefined) => Object.fromEntries(Object.entries(m ?? {}).filter(([, v]) => !hasTemplate(v)));
  if (node.nodeAnnotations) machine.nodeAnnotations = toMap(plainOf(node.nodeAnnotations));
  if (node.nodeLabels) machine.nodeLabels = toMap(plainOf(node.nodeLabels));
  if (node.nodeTaints) machine.nodeTaints = toMap(node.nodeTaints);
  if (node.machineFiles?.length)
    machine.files = node.machineFiles.map(({ content, permissions, path, op }) =>
      permissions === undefined ? { content, path, op } : { content, permissions, path, op },
    );

  const kernelArgs = (node.schematic?.customization as Doc | undefined)?.extraKernelArgs;
  if (Array.isArray(kernelArgs) && kernelArgs.length && !node.machineSpec?.useUKI && !has(c, 'grubUseUKICmdline')) {
    const install = obj(machine, 'install');
    install.extraKernelArgs = [...((install.extraKernelArgs as string[] | undefined) ?? []), ...kernelArgs.map(String)];
  }

  if (!split) obj(machine, 'install').image = installerImage;

  // Templated label/annotation values render last, against the config as built so far.
  let data: GoStruct | undefined;
  for (const field of ['nodeLabels', 'nodeAnnotations'] as const) {
    const src = node[field];
    if (!src) continue;
    for (const [k, v] of Object.entries(src)) {
      if (hasTemplate(v))
        (machine[field] as Map<string, string>).set(k, renderGoTemplate(v, (data ??= v1alpha1TemplateData(structuredClone(v1))), `${at}.${field}.${k}`));
    }
  }

  if (cluster.cniConfig) {
    if (split) {
      docs = docs.filter((d) => d.kind !== 'KubeFlannelCNIConfig');
      if (cluster.cniConfig.name === 'flannel') {
        const f = cluster.cniConfig.flannel;
        const flannel: Doc = { apiVersion: 'v1alpha1', kind: 'KubeFlannelCNIConfig', backendType: 'vxlan', backendPort: 4789 };
        if (f?.extraArgs?.length) flannel.extraArgs = f.extraArgs;
        if (f?.kubeNetworkPoliciesEnabled) flannel.kubeNetworkPoliciesEnabled = true;
        docs.push(flannel);
      }
      if (cluster.cniConfig.name === 'custom' && node.controlPlane) {
        clusterSection.extraManifests = [...((clusterSection.extraManifests as string[]) ?? []), ...(cluster.cniConfig.urls ?? [])];
      }
    } else {
      obj(clusterSection, 'network').cni = cluster.cniConfig;
    }
  }
  if (cluster.inlineManifests.length) clusterSection.inlineManifests = cluster.inlineManifests;

  return { docs, extraDocs: nodeDocuments(node, c, onWarning) };
}
