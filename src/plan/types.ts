import type { Contract } from '../core/contract.js';

/** A patch reference as written in talconfig (`@./patches/x.yaml` or inline YAML/JSON), with where it came from. */
export interface PatchRef {
  spec: string;
  /** For error messages, e.g. `nodes[2].patches[1]`. */
  label: string;
}

export interface InlineManifest {
  name: string;
  contents: string;
}

export interface MachineSpec {
  mode?: string;
  arch?: string;
  secureboot?: boolean;
  useUKI?: boolean;
  bootMethod?: string;
  imageSuffix?: string;
}

/** One node after the group → node merge, with every `@file` content already read. */
export interface PlannedNode {
  index: number;
  hostname: string;
  ipAddress: string;
  controlPlane: boolean;
  installDisk?: string;
  installDiskSelector?: Record<string, unknown>;
  ignoreHostname?: boolean;
  nodeLabels?: Record<string, string>;
  nodeAnnotations?: Record<string, string>;
  nodeTaints?: Record<string, string>;
  machineDisks?: unknown[];
  machineFiles?: { content: string; permissions?: number; path: string; op: string }[];
  disableSearchDomain?: boolean;
  kernelModules?: unknown[];
  nameservers?: string[];
  networkInterfaces?: Record<string, unknown>[];
  extraManifests?: string[];
  certSANs?: string[];
  patches?: PatchRef[];
  talosImageURL?: string;
  schematic?: Record<string, unknown>;
  machineSpec?: MachineSpec;
  ingressFirewall?: Record<string, unknown>;
  extensionServices?: Record<string, unknown>[];
  volumes?: Record<string, unknown>[];
  userVolumes?: Record<string, unknown>[];
  filenameTmpl?: string;
}

/** Cluster-wide settings of a talconfig, resolved (versions parsed, defaults applied). */
export interface PlannedCluster {
  clusterName: string;
  endpoint: string;
  /** Full Talos tag used in image URLs, e.g. `v1.13.9`. */
  talosVersion: string;
  contract: Contract;
  kubernetesVersion: string;
  domain?: string;
  allowSchedulingOnControlPlanes: boolean;
  additionalMachineCertSans: string[];
  additionalApiServerCertSans: string[];
  clusterPodNets: string[];
  clusterSvcNets: string[];
  cniConfig?: { name: string; urls?: string[]; flannel?: { extraArgs?: string[]; kubeNetworkPoliciesEnabled?: boolean } };
  inlineManifests: InlineManifest[];
  patches: PatchRef[];
  /** talconfig `imageFactory` (self-hosted factory settings and URL templates). */
  imageFactory?: Record<string, unknown>;
}
