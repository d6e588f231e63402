/**
 * Fields whose values are secret, by document: the Talos machine config documents (`kind`, or `v1alpha1` for the
 * main document), talhelper's secrets bundle and talosconfig, and Kubernetes Secrets appended as extraManifests. A path is dotted; `*` is any one key or list index,
 * `**` any number of them. A row naming a mapping or list marks everything under it.
 */
export interface SecretField {
  document: string;
  path: string;
  what: string;
}

/** The main document, the secrets bundle and talosconfig have no `kind`; their paths do not overlap. */
export const UNKINDED = 'v1alpha1';

export const SECRET_FIELDS: readonly SecretField[] = [
  { document: UNKINDED, path: 'machine.token', what: 'trustd join token' },
  { document: UNKINDED, path: 'machine.ca.key', what: 'OS CA private key' },
  { document: UNKINDED, path: 'machine.registries.config.*.auth', what: 'registry credentials' },
  { document: UNKINDED, path: 'machine.registries.config.*.tls.clientIdentity.key', what: 'registry client key' },
  { document: UNKINDED, path: 'machine.network.interfaces.**.wireguard.privateKey', what: 'WireGuard private key' },
  { document: UNKINDED, path: 'machine.network.interfaces.**.vip.equinixMetal.apiToken', what: 'Equinix Metal API token' },
  { document: UNKINDED, path: 'machine.network.interfaces.**.vip.hcloud.apiToken', what: 'Hetzner Cloud API token' },
  { document: UNKINDED, path: 'machine.systemDiskEncryption.*.keys.*.static.passphrase', what: 'disk encryption passphrase' },
  { document: UNKINDED, path: 'cluster.id', what: 'cluster id' },
  { document: UNKINDED, path: 'cluster.secret', what: 'cluster secret' },
  { document: UNKINDED, path: 'cluster.token', what: 'bootstrap token' },
  { document: UNKINDED, path: 'cluster.secretboxEncryptionSecret', what: 'secretbox encryption secret' },
  { document: UNKINDED, path: 'cluster.aescbcEncryptionSecret', what: 'aescbc encryption secret' },
  { document: UNKINDED, path: 'cluster.ca.key', what: 'Kubernetes CA private key' },
  { document: UNKINDED, path: 'cluster.aggregatorCA.key', what: 'aggregator CA private key' },
  { document: UNKINDED, path: 'cluster.serviceAccount.key', what: 'service account private key' },
  { document: UNKINDED, path: 'cluster.etcd.ca.key', what: 'etcd CA private key' },
  { document: UNKINDED, path: 'secrets.**', what: 'secrets bundle: bootstrap token, encryption secrets' },
  { document: UNKINDED, path: 'trustdinfo.token', what: 'secrets bundle: trustd token' },
  { document: UNKINDED, path: 'certs.**.key', what: 'secrets bundle: CA private keys' },
  { document: UNKINDED, path: 'contexts.*.key', what: 'talosconfig client private key' },
  { document: 'KubeAPIServerCAConfig', path: 'issuingCA.key', what: 'Kubernetes CA private key' },
  { document: 'KubeAggregatorCAConfig', path: 'issuingCA.key', what: 'aggregator CA private key' },
  { document: 'KubeServiceAccountConfig', path: 'issuer.privateKey', what: 'service account private key' },
  { document: 'KubeEtcdEncryptionConfig', path: 'config', what: 'etcd encryption configuration with its keys' },
  { document: 'DiscoveryIdentityConfig', path: 'clusterID', what: 'cluster id' },
  { document: 'DiscoveryIdentityConfig', path: 'clusterSecret', what: 'cluster secret' },
  { document: 'RegistryAuthConfig', path: 'password', what: 'registry password' },
  { document: 'RegistryAuthConfig', path: 'auth', what: 'registry auth string' },
  { document: 'RegistryAuthConfig', path: 'identityToken', what: 'registry identity token' },
  { document: 'RegistryTLSConfig', path: 'clientIdentity.key', what: 'registry client key' },
  { document: 'WireguardConfig', path: 'privateKey', what: 'WireGuard private key' },
  { document: 'HCloudVIPConfig', path: 'apiToken', what: 'Hetzner Cloud API token' },
  { document: 'SideroLinkConfig', path: 'apiUrl', what: 'SideroLink API URL (carries the join token)' },
  { document: 'SideroLinkConfig', path: 'uniqueToken', what: 'SideroLink node token' },
  { document: 'VolumeConfig', path: 'encryption.keys.*.static.passphrase', what: 'volume encryption passphrase' },
  { document: 'UserVolumeConfig', path: 'encryption.keys.*.static.passphrase', what: 'volume encryption passphrase' },
  { document: 'RawVolumeConfig', path: 'encryption.keys.*.static.passphrase', what: 'volume encryption passphrase' },
  { document: 'SwapVolumeConfig', path: 'encryption.keys.*.static.passphrase', what: 'volume encryption passphrase' },
  { document: 'Secret', path: 'data', what: 'Kubernetes Secret values (extraManifests)' },
  { document: 'Secret', path: 'stringData', what: 'Kubernetes Secret values (extraManifests)' },
];

function matches(pattern: readonly string[], path: readonly string[]): boolean {
  if (!pattern.length) return !path.length;
  const [head, ...rest] = pattern;
  if (head === '**') return [...path.keys(), path.length].some((i) => matches(rest, path.slice(i)));
  return path.length > 0 && (head === '*' || head === path[0]) && matches(rest, path.slice(1));
}

const BY_DOCUMENT = new Map<string, string[][]>();
for (const f of SECRET_FIELDS) BY_DOCUMENT.set(f.document, [...(BY_DOCUMENT.get(f.document) ?? []), f.path.split('.')]);

/** Is the field at `path` (keys and list indexes as text) of a document of this kind secret, or under a secret field? */
export function isSecretField(document: string, path: readonly string[]): boolean {
  return (BY_DOCUMENT.get(document) ?? []).some((p) => [...path.keys(), path.length].some((n) => n > 0 && matches(p, path.slice(0, n))));
}
