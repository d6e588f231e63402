import type { Contract } from '../core/contract.js';
import type { SecretsBundle } from '../secrets/bundle.js';

/** The generator reads a Talos secrets bundle as stored in secrets.yaml (std-base64 PEMs). */
export type BundleSecrets = SecretsBundle;

export type MachineType = 'controlplane' | 'worker' | 'init';

/** Inputs of Talos's `generate.NewInput(...)`: everything `talosctl gen config` and talhelper can set. */
export interface GenerateInput {
  clusterName: string;
  /** Control-plane endpoint URL, e.g. `https://10.5.0.2:6443` (printed as given). */
  endpoint: string;
  /** Kubernetes version without the leading `v`; empty ⇒ image fields are omitted (contracts ≤ v1.13). */
  kubernetesVersion: string;
  contract: Contract;
  secrets: BundleSecrets;
  installDisk?: string;
  installImage?: string;
  extraKernelArgs?: string[];
  /** machine.certSANs (Talos API certificate); `talosctl --additional-sans` sets both lists. */
  machineCertSANs?: string[];
  /** Kubernetes API server certificate SANs (the endpoint host is prepended for contracts ≤ v1.11). */
  apiServerCertSANs?: string[];
  /** Default: 10.244.0.0/16 and 10.96.0.0/12 (IPv6 defaults only for a bare IPv6 endpoint). */
  podSubnets?: string[];
  serviceSubnets?: string[];
  dnsDomain?: string; // default cluster.local
  cniCustomURL?: string;
  localAPIServerPort?: number;
  sysctls?: Record<string, string>;
  /** host → endpoint URLs, in the order given. */
  registryMirrors?: Record<string, string[]>;
  allowSchedulingOnControlPlanes?: boolean;
  /** talosctl default: true. `undefined` ⇒ no discovery section at all (Go API default). */
  discoveryEnabled?: boolean;
  kubespanEnabled?: boolean;
  debug?: boolean;
  /** `--talos-mode container` (talhelper): force hostDNS.forwardKubeDNSToHost. */
  hostDNSForwardKubeDNSToHost?: boolean;
}
