/** A Talos secrets bundle (`talosctl gen secrets` / talhelper talsecret.yaml), values as stored: std-base64 PEMs. */
export interface CertAndKey {
  crt: string;
  key: string;
}

export interface SecretsBundle {
  cluster: { id: string; secret: string };
  secrets: { bootstraptoken: string; secretboxencryptionsecret?: string; aescbcencryptionsecret?: string };
  trustdinfo: { token: string };
  certs: {
    etcd: CertAndKey;
    k8s: CertAndKey;
    k8saggregator: CertAndKey;
    k8sserviceaccount: { key: string };
    os: CertAndKey;
  };
}

/** Field order of the Go structs (yaml.Marshal of secrets.Bundle); used for encoding and strict loading. */
export const BUNDLE_SHAPE = {
  cluster: ['id', 'secret'],
  secrets: ['bootstraptoken', 'secretboxencryptionsecret', 'aescbcencryptionsecret'],
  trustdinfo: ['token'],
  certs: ['etcd', 'k8s', 'k8saggregator', 'k8sserviceaccount', 'os'],
} as const;
