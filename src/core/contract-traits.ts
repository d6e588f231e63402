import { compareContracts, contractName, parseContract, parseVersion, type Contract } from './contract.js';
import { TalgenError } from './errors.js';

/**
 * What each Talos version contract changes in generated configs and secrets, as data.
 * Each trait is on for contracts in [since, until] (inclusive; open ends allowed).
 * Facts: Talos `config.VersionContract` predicates and the stability fixtures (v1.3 … v1.15).
 */
export type TraitName =
  | 'diskQuotaSupport' // machine.features.diskQuotaSupport: true
  | 'kubePrism' // machine.features.kubePrism {enabled, port 7445}
  | 'hostDNS' // machine.features.hostDNS.enabled
  | 'hostDNSForwardKubeDNS' // hostDNS.forwardKubeDNSToHost
  | 'excludeFromExternalLB' // control plane nodeLabels exclude-from-external-load-balancers
  | 'workerClusterName' // cluster.clusterName on workers
  | 'legacyFeatureFlags' // features.rbac, features.stableHostname, features.apidCheckExtKeyUsage
  | 'apiServerSANsFromEndpoint' // apiServer.certSANs starts with the endpoint host
  | 'disablePodSecurityPolicy' // apiServer.disablePodSecurityPolicy: true
  | 'grubUseUKICmdline' // install.grubUseUKICmdline: true
  | 'machineNetworkBlock' // `machine.network: {}` always present
  | 'registryMirrorDocuments' // mirrors as RegistryMirrorConfig documents (else machine.registries)
  | 'hostnameDocument' // HostnameConfig {auto: stable}
  | 'kubeSpanDocument' // KubeSpanConfig document (else machine.network.kubespan)
  | 'splitLayout' // v1.14+: Kubernetes/discovery/install/resolver/sysctl settings as documents
  | 'rsaServiceAccountKey' // secrets: RSA-4096 service account key (else ECDSA P-256)
  | 'randomSubjectKeyId' // secrets: 20 random bytes SKID (else SHA-1 of the public key)
  | 'stdBase64ClusterId'; // secrets: cluster.id in the standard base64 alphabet (else URL alphabet)

interface Span {
  since?: string;
  until?: string;
}

export const CONTRACT_TRAITS: Readonly<Record<TraitName, Span>> = {
  diskQuotaSupport: { since: 'v1.5' },
  kubePrism: { since: 'v1.6' },
  hostDNS: { since: 'v1.7' },
  hostDNSForwardKubeDNS: { since: 'v1.8' },
  excludeFromExternalLB: { since: 'v1.8' },
  workerClusterName: { since: 'v1.8' },
  legacyFeatureFlags: { until: 'v1.11' },
  apiServerSANsFromEndpoint: { until: 'v1.11' },
  disablePodSecurityPolicy: { until: 'v1.11' },
  grubUseUKICmdline: { since: 'v1.12' },
  machineNetworkBlock: { until: 'v1.12' },
  registryMirrorDocuments: { since: 'v1.12' },
  hostnameDocument: { since: 'v1.12' },
  kubeSpanDocument: { since: 'v1.13' },
  splitLayout: { since: 'v1.14' },
  rsaServiceAccountKey: { since: 'v1.7' },
  randomSubjectKeyId: { since: 'v1.11' },
  stdBase64ClusterId: { since: 'v1.14' },
};

function bound(text: string): Contract {
  const v = parseVersion(text)!;
  return { major: v.major, minor: v.minor };
}

export function has(contract: Contract, trait: TraitName): boolean {
  const span = CONTRACT_TRAITS[trait];
  if (span.since && compareContracts(contract, bound(span.since)) < 0) return false;
  if (span.until && compareContracts(contract, bound(span.until)) > 0) return false;
  return true;
}

/** The whole row of traits for one contract (to compare contracts side by side). */
export function traitsOf(contract: Contract): Record<TraitName, boolean> {
  const row = {} as Record<TraitName, boolean>;
  for (const name of Object.keys(CONTRACT_TRAITS) as TraitName[]) row[name] = has(contract, name);
  return row;
}

/**
 * Newest Talos release per contract and the Kubernetes version its talosctl defaults to
 * (`constants.DefaultKubernetesVersion` at that tag). Installer tag defaults follow the release.
 * A contract without a release yet (v1.15) has no row: its Kubernetes version and installer image must be given.
 */
export const RELEASES: Readonly<Record<string, { talos: string; kubernetes: string }>> = {
  'v1.3': { talos: 'v1.3.7', kubernetes: '1.26.3' },
  'v1.4': { talos: 'v1.4.8', kubernetes: '1.27.4' },
  'v1.5': { talos: 'v1.5.6', kubernetes: '1.28.3' },
  'v1.6': { talos: 'v1.6.8', kubernetes: '1.29.7' },
  'v1.7': { talos: 'v1.7.7', kubernetes: '1.30.5' },
  'v1.8': { talos: 'v1.8.4', kubernetes: '1.31.4' },
  'v1.9': { talos: 'v1.9.6', kubernetes: '1.32.4' },
  'v1.10': { talos: 'v1.10.9', kubernetes: '1.33.6' },
  'v1.11': { talos: 'v1.11.6', kubernetes: '1.34.1' },
  'v1.12': { talos: 'v1.12.11', kubernetes: '1.35.4' },
  'v1.13': { talos: 'v1.13.9', kubernetes: '1.36.3' },
  'v1.14': { talos: 'v1.14.0-rc.1', kubernetes: '1.37.0-rc.0' },
};

/** `where` names the setting that would have made the default unnecessary (for the error of an unreleased contract). */
export function releaseOf(contract: Contract, where?: { file?: string; path?: string }): { talos: string; kubernetes: string } {
  const r = RELEASES[contractName(contract)];
  if (!r) {
    throw new TalgenError(`Talos ${contractName(contract)} has no release yet, so talgen has no default for it`, {
      ...where,
      hint: 'set this value explicitly',
    });
  }
  return r;
}

/** Contract used when none is asked for: the newest one with a Talos release. */
export const DEFAULT_CONTRACT: Contract = parseContract(Object.keys(RELEASES).at(-1)!);

/** Installer image a plain `talosctl gen config` of that release writes (v1.14 moved to the Image Factory). */
export const EMPTY_SCHEMATIC_ID = '376567988ad370138ad8b2698212367b8edcb69b5fd68c80be1f2ec7d603b4ba';

export function defaultInstallerImage(contract: Contract, talosTag = releaseOf(contract, { path: '--install-image' }).talos): string {
  return has(contract, 'splitLayout') ? `factory.talos.dev/metal-installer/${EMPTY_SCHEMATIC_ID}:${talosTag}` : `ghcr.io/siderolabs/installer:${talosTag}`;
}

/** Talos version used when a talconfig sets none (newest stable release, like talhelper's compiled-in default). */
export const DEFAULT_TALOS_VERSION = 'v1.13.9';
