/**
 * TypeScript shape of talconfig.yaml (talhelper's TalhelperConfig), as parsed after env substitution.
 * Talos-typed sub-structures (network devices, disks, volume specs, schematic customization) are kept as plain
 * objects: their exact shape is the one in schemas/talconfig.schema.json and Talos' own model.
 */
export type Obj = Record<string, unknown>;

export interface InlineManifest {
  name: string;
  contents: string;
  /** Do not envsubst contents read from an `@file`. */
  skipEnvsubst?: boolean;
}

export interface CNIConfig {
  name: string; // flannel | custom | none
  urls?: string[];
  flannel?: { extraArgs?: string[]; kubeNetworkPoliciesEnabled?: boolean } & Obj;
}

export interface ImageFactory {
  registryURL?: string;
  schematicEndpoint?: string;
  protocol?: string;
  installerURLTmpl?: string;
  ISOURLTmpl?: string;
}

export interface MachineFile {
  content: string;
  permissions?: number | string;
  path: string;
  op: 'create' | 'append' | 'overwrite';
  skipEnvsubst?: boolean;
}

export interface KernelModule {
  name: string;
  parameters?: string[];
}

export interface Schematic {
  customization?: {
    extraKernelArgs?: string[];
    meta?: { key: number; value: string }[];
    systemExtensions?: { officialExtensions?: string[] };
    secureboot?: Obj;
    bootloader?: string;
  } & Obj;
  overlay?: { image?: string; name?: string; options?: Obj };
  owner?: string;
}

export interface MachineSpec {
  mode?: string;
  arch?: string;
  secureboot?: boolean;
  useUKI?: boolean;
  bootMethod?: 'iso' | 'disk-image' | 'pxe' | string;
  imageSuffix?: string;
}

export interface IngressRule {
  name: string;
  portSelector: { ports: (number | string)[]; protocol: string };
  ingress: { subnet: string; except?: string }[];
}

export interface IngressFirewall {
  defaultAction?: 'accept' | 'block';
  rules?: IngressRule[];
}

export interface ExtensionService {
  name: string;
  configFiles?: { content: string; mountPath: string }[];
  environment?: string[];
}

export interface Volume {
  name: string;
  provisioning?: Obj;
  encryption?: Obj;
}

export interface UserVolume extends Volume {
  volumeType?: string;
  filesystem?: Obj;
}

/** Fields a node and a `controlPlane`/`worker` group can both set (talhelper's NodeConfigs). */
export interface NodeConfigs {
  nodeLabels?: Record<string, string>;
  nodeAnnotations?: Record<string, string>;
  nodeTaints?: Record<string, string>;
  machineDisks?: Obj[];
  machineFiles?: MachineFile[];
  disableSearchDomain?: boolean;
  kernelModules?: KernelModule[];
  nameservers?: string[];
  networkInterfaces?: Obj[];
  extraManifests?: string[];
  certSANs?: string[];
  patches?: string[];
  talosImageURL?: string;
  noSchematicValidate?: boolean;
  schematic?: Schematic;
  imageSchematic?: Schematic;
  machineSpec?: MachineSpec;
  ingressFirewall?: IngressFirewall;
  extensionServices?: ExtensionService[];
  volumes?: Volume[];
  userVolumes?: UserVolume[];
  filenameTmpl?: string;
  /** talgen only (talhelper ignores it): the SideroLink API the node connects to. */
  sideroLink?: { apiUrl: string; joinToken?: string; grpcTunnel?: boolean };
}

/** Fields only a node sets (talhelper's Node outside NodeConfigs). */
export interface NodeOnly {
  hostname: string;
  ipAddress: string;
  controlPlane?: boolean;
  installDisk?: string;
  installDiskSelector?: Obj;
  ignoreHostname?: boolean;
  overridePatches?: boolean;
  overrideExtraManifests?: boolean;
  overrideMachineCertSANs?: boolean;
}

export type Node = NodeOnly & NodeConfigs;

export interface Talconfig {
  clusterName: string;
  talosVersion?: string;
  kubernetesVersion: string;
  endpoint: string;
  domain?: string;
  allowSchedulingOnMasters?: boolean;
  allowSchedulingOnControlPlanes?: boolean;
  additionalMachineCertSans?: string[];
  additionalApiServerCertSans?: string[];
  inlineManifests?: InlineManifest[];
  clusterPodNets?: string[];
  clusterSvcNets?: string[];
  cniConfig?: CNIConfig;
  patches?: string[];
  imageFactory?: ImageFactory;
  /** talgen only (talhelper ignores it): how talosctl reaches the nodes, see src/plan/access.ts. */
  access?: { sshBastion?: string; localPortBase?: number };
  controlPlane?: NodeConfigs;
  worker?: NodeConfigs;
  nodes: Node[];
}

/** Names of the NodeConfigs fields, in talhelper's struct order, with the Go kind that decides "zero" in the merge. */
export const NODE_CONFIG_FIELDS = {
  nodeLabels: 'map',
  nodeAnnotations: 'map',
  nodeTaints: 'map',
  machineDisks: 'slice',
  machineFiles: 'slice',
  disableSearchDomain: 'bool',
  kernelModules: 'slice',
  nameservers: 'slice',
  networkInterfaces: 'slice',
  extraManifests: 'slice',
  certSANs: 'slice',
  patches: 'slice',
  talosImageURL: 'string',
  noSchematicValidate: 'bool',
  schematic: 'pointer',
  imageSchematic: 'pointer',
  machineSpec: 'struct',
  ingressFirewall: 'pointer',
  extensionServices: 'slice',
  volumes: 'slice',
  userVolumes: 'slice',
  filenameTmpl: 'string',
  sideroLink: 'pointer',
} as const satisfies Record<keyof NodeConfigs, 'map' | 'slice' | 'bool' | 'string' | 'pointer' | 'struct'>;

export type NodeGroup = 'controlPlane' | 'worker';

/** Where one entry of a merged list came from (for error messages). */
export interface Origin {
  /** JSON path in talconfig, e.g. ['controlPlane', 'patches', 0] or ['nodes', 2, 'patches', 1]. */
  path: (string | number)[];
  /** The same path printed: `controlPlane.patches[0]`, `nodes[2].patches[1]`. */
  label: string;
}

/** One node after the group → node merge (reference §2.4). */
export interface NodeSpec extends Node {
  /** Position in talconfig `nodes`. */
  index: number;
  controlPlane: boolean;
  group: NodeGroup;
  /** Origin of each entry of `patches`, `certSANs` and `extraManifests` (same order as the merged lists). */
  origins: { patches: Origin[]; certSANs: Origin[]; extraManifests: Origin[] };
  /** For every other NodeConfigs field set after the merge: whether the value came from the node or the group. */
  sourceOf: Partial<Record<keyof NodeConfigs, 'node' | NodeGroup>>;
}
