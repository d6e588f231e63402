import { parseAllDocuments } from 'yaml';
import { TalgenError } from '../core/errors.js';
import type { SecretsBundle } from './bundle.js';
import { loadSecretsBundle } from './load.js';
import { encodeSecretsBundle } from './encode.js';

type Obj = Record<string, any>;

const b64 = (pem: string | undefined) => (pem ? Buffer.from(pem, 'utf8').toString('base64') : '');

/**
 * `gensecret -f controlplane.yaml`: the bundle a control plane config carries, from the v1alpha1 layout
 * (base64 PEMs) or the v1.14 documents (PEM text in KubeAPIServerCAConfig, KubeServiceAccountConfig, …).
 */
export function secretsFromControlPlaneConfig(text: string, file = 'controlplane.yaml'): SecretsBundle {
  const docs = parseAllDocuments(text)
    .map((d) => d.toJS() as Obj)
    .filter((d) => d && typeof d === 'object');
  const v1 = docs.find((d) => d.kind === undefined) ?? {};
  const kind = (k: string) => docs.find((d) => d.kind === k);
  const m: Obj = v1.machine ?? {};
  const c: Obj = v1.cluster ?? {};
  if (m.type === 'worker') throw new TalgenError('a worker config does not carry the cluster secrets', { file, hint: 'use a control plane config' });
  const identity = kind('DiscoveryIdentityConfig');
  const apiCA = kind('KubeAPIServerCAConfig')?.issuingCA;
  const aggCA = kind('KubeAggregatorCAConfig')?.issuingCA;
  const sa = kind('KubeServiceAccountConfig')?.issuer;
  const enc = kind('KubeEtcdEncryptionConfig')?.config?.resources?.[0]?.providers ?? [];
  const keyNamed = (n: string) => enc.map((p: Obj) => p.secretbox?.keys?.find((k: Obj) => k.name === n)?.secret).find(Boolean);
  const bundle = {
    cluster: { id: c.id ?? identity?.clusterID, secret: c.secret ?? identity?.clusterSecret },
    secrets: {
      bootstraptoken: c.token,
      secretboxencryptionsecret: c.secretboxEncryptionSecret ?? keyNamed('key2'),
      aescbcencryptionsecret: c.aescbcEncryptionSecret ?? keyNamed('key1'),
    },
    trustdinfo: { token: m.token },
    certs: {
      etcd: c.etcd?.ca,
      k8s: c.ca ?? (apiCA && { crt: b64(apiCA.cert), key: b64(apiCA.key) }),
      k8saggregator: c.aggregatorCA ?? (aggCA && { crt: b64(aggCA.cert), key: b64(aggCA.key) }),
      k8sserviceaccount: c.serviceAccount ?? (sa && { key: b64(sa.privateKey) }),
      os: m.ca,
    },
  };
  // Round-trip through the strict loader so a half-filled config gives the same precise errors.
  return loadSecretsBundle(encodeSecretsBundle(JSON.parse(JSON.stringify(bundle)) as SecretsBundle), file);
}
