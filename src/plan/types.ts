import type { Contract } from '../core/contract.js';
import type { Locator } from '../core/issue.js';

/** Which part of talconfig a planned value came from. */
export type Source = 'node' | 'controlPlane' | 'worker' | 'global' | 'default';

/** Provenance of a planned value: the talconfig section, the field path in talconfig, and its file:line:col. */
export interface Provenance {
  source: Source;
  /** JSON path in talconfig, e.g. ['controlPlane', 'schematic'] or ['nodes', 2, 'talosImageURL']. */
  field: (string | number)[];
  at: Locator;
}

/**
 * A patch reference as written in talconfig (`@/abs/path/x.yaml` — `@` paths already resolved against the talconfig
 * directory — or inline YAML/JSON), with where it came from.
 */
export interface PatchRef {
  spec: string;
  /** For error messages, e.g. `nodes[2].patches[1]`. */
  label: string;
  /** The list entry in talconfig. */
  at: Locator;
}

/** An `@file` value of talconfig that the compiler reads (decrypting, and env-substituting unless skipEnvsubst). */
export interface FileSource {
  file: string;
  envsubst: boolean;
}

export interface InlineManifest {
  name: string;
  contents: string;
  /** Set while `contents` still has to be read from a file. */
  source?: FileSource;
}

export interface MachineFile {
  content: string;
  permissions?: number;
  path: string;
  op: string;
  /** Set while `content` still has to be read from a file. */
  source?: FileSource;
}

export interface MachineSpec {
  mode?: string;
  arch?: string;
  secureboot?: boolean;
  useUKI?: boolean;
  bootMethod?: string;
  imageSuffix?: string;
}

/** talgen's `sideroLink` node field: the SideroLink API (Omni) the node connects to. */
export interface SideroLinkSpec {
  apiUrl: string;
  joinToken?: string;
  grpcTunnel?: boolean;
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
  machineFiles?: MachineFile[];
  disableSearchDomain?: boolean;
  kernelModules?: unknown[];
  nameservers?: string[];
  networkInterfaces?: Record<string, unknown>[];
  extraManifests?: string[];
  certSANs?: string[];
  patches?: PatchRef[];
  talosImageURL?: string;
  schematic?: Record<string, unknown>;
  /** Schematic of boot images as written (`genurl image` parses and checks it), when it differs from the installer's. */
  imageSchematic?: Record<string, unknown>;
  noSchematicValidate?: boolean;
  machineSpec?: MachineSpec;
  ingressFirewall?: Record<string, unknown>;
  extensionServices?: Record<string, unknown>[];
  volumes?: Record<string, unknown>[];
  userVolumes?: Record<string, unknown>[];
  filenameTmpl?: string;
  sideroLink?: SideroLinkSpec;
  /** Provenance of every talconfig field set on this node (node-only fields and merged NodeConfigs fields). */
  from: Record<string, Provenance>;
}

/** An SSH bastion that reaches every node's Talos API port (talgen's `access.sshBastion`, or `gencommand --ssh-bastion`). */
export interface Bastion {
  /** As written, e.g. `ops@bastion.example:2222`. */
  spec: string;
  user?: string;
  /** Host name or address; an IPv6 address without brackets. */
  host: string;
  /** SSH port when given (`ssh -p`). */
  port?: number;
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
  /** talgen's `access` field: the nodes are reached through an SSH bastion (genconfig adds 127.0.0.1 to machine certSANs). */
  access?: { sshBastion?: Bastion; localPortBase?: number };
  /** Provenance of the cluster-wide values (global talconfig fields, or talgen's defaults). */
  from: Record<string, Provenance>;
}

/** A talconfig planned for compilation: cluster values and merged nodes, each value with its provenance. */
export interface ClusterPlan {
  cluster: PlannedCluster;
  nodes: PlannedNode[];
}
