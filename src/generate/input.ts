import type { Contract } from '../core/contract.js';

/** A PEM certificate/key pair as stored in a Talos secrets bundle: std-base64 of the PEM text. */
export interface EncodedPair {
  crt: string;
  key: string;
}

/** The parts of a Talos secrets bundle the generator reads (same shape as secrets.yaml). */
export interface BundleSecrets {
  cluster: { id: string; secret: string };
  secrets: { bootstraptoken: string; secretboxencryptionsecret?: string; aescbcencryptionsecret?: string };
  trustdinfo: { token: string };
  certs: {
    etcd: EncodedPair;
    k8s: EncodedPair;
    k8saggregator: EncodedPair;
    k8sserviceaccount: { key: string };
    os: EncodedPair;
  };
}

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
