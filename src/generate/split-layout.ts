import { has } from '../core/contract-traits.js';
import type { GenerateInput, MachineType } from './input.js';
import {
  auditPolicy,
  authenticationConfiguration,
  DISCOVERY_SERVICE_ENDPOINT,
  FILESYSTEM_TRIM_INTERVAL,
  KUBE_IMAGES,
  KUBE_PRISM_PORT,
  LABEL_CONTROL_PLANE,
  LABEL_EXCLUDE_FROM_LB,
  podSecurityConfiguration,
} from './kubernetes-defaults.js';
import { image, podAndServiceNets, registryDocuments, type Doc } from './common.js';
import { goMap, pemOf, struct } from './values.js';

const V = 'v1alpha1';

/**
 * Contract v1.14+: the v1alpha1 document keeps only identity and secrets; everything else is a typed document,
 * in the order Talos's generator appends them.
 */
export function splitLayout(input: GenerateInput, type: MachineType): Doc[] {
  const c = input.contract;
  const cp = type !== 'worker';
  const s = input.secrets;
  const k8s = input.kubernetesVersion;

  const v1alpha1: Doc = {
    version: 'v1alpha1',
    debug: input.debug ?? false,
    persist: true,
    machine: {
      type,
      token: s.trustdinfo.token,
      ca: cp ? { crt: s.certs.os.crt, key: s.certs.os.key } : { crt: s.certs.os.crt, key: '' },
      certSANs: [...(input.machineCertSANs ?? [])],
      features: { diskQuotaSupport: true },
    },
    cluster: cp ? { token: s.secrets.bootstraptoken, etcd: { ca: { crt: s.certs.etcd.crt, key: s.certs.etcd.key } } } : { token: s.secrets.bootstraptoken },
  };

  const docs: Doc[] = [v1alpha1];
  if (input.discoveryEnabled) {
    docs.push({ apiVersion: V, kind: 'DiscoveryServiceConfig', name: 'default', endpoint: DISCOVERY_SERVICE_ENDPOINT });
  }
  docs.push({ apiVersion: V, kind: 'DiscoveryIdentityConfig', clusterID: s.cluster.id, clusterSecret: s.cluster.secret });
  if (input.installDisk) {
    docs.push({
      apiVersion: V,
      kind: 'UnattendedInstallConfig',
      installer: struct({ image: input.installImage || undefined }),
      provisioning: { diskSelector: { match: `disk.dev_path == ${JSON.stringify(input.installDisk)}` }, wipe: false },
    });
  }
  if (has(c, 'hostDNS')) {
    docs.push({ apiVersion: V, kind: 'ResolverConfig', hostDNS: { enabled: true, forwardKubeDNSToHost: true } });
  }
  if (input.sysctls && Object.keys(input.sysctls).length) {
    docs.push({ apiVersion: V, kind: 'SysctlConfig', params: goMap(input.sysctls) });
  }
  docs.push(
    { apiVersion: V, kind: 'VolumeConfig', name: 'EPHEMERAL', mount: { secure: true } },
    { apiVersion: V, kind: 'FilesystemTrimConfig', interval: FILESYSTEM_TRIM_INTERVAL },
    { apiVersion: V, kind: 'SecurityProfileConfig', workloadIsolation: true },
    ...registryDocuments(input.registryMirrors ?? {}),
    { apiVersion: V, kind: 'HostnameConfig', auto: 'stable' },
  );
  if (input.kubespanEnabled !== undefined) {
    docs.push({ apiVersion: V, kind: 'KubeSpanConfig', enabled: input.kubespanEnabled });
  }

  // Kubernetes settings shared by all node types.
  const labels = cp ? goMap({ [LABEL_CONTROL_PLANE]: '', [LABEL_EXCLUDE_FROM_LB]: '' }) : undefined;
  const taints = cp && !input.allowSchedulingOnControlPlanes ? goMap({ [LABEL_CONTROL_PLANE]: 'NoSchedule' }) : undefined;
  const { podSubnets, serviceSubnets } = podAndServiceNets(input);
  docs.push(
    { apiVersion: V, kind: 'KubeClusterConfig', clusterName: input.clusterName, endpoint: input.endpoint },
    struct({ apiVersion: V, kind: 'KubeNodeConfig', nodeIP: {}, labels, taints }),
    { apiVersion: V, kind: 'KubeletConfig', image: image(KUBE_IMAGES.kubelet, k8s), config: new Map(), defaultRuntimeSeccompProfileEnabled: true },
    {
      apiVersion: V,
      kind: 'KubeNetworkConfig',
      dnsDomain: input.dnsDomain ?? 'cluster.local',
      podSubnets,
      serviceSubnets,
    },
    cp
      ? { apiVersion: V, kind: 'KubeAPIServerCAConfig', issuingCA: { cert: pemOf(s.certs.k8s.crt), key: pemOf(s.certs.k8s.key) } }
      : { apiVersion: V, kind: 'KubeAPIServerCAConfig', acceptedCAs: [pemOf(s.certs.k8s.crt)] },
    { apiVersion: V, kind: 'KubePrismConfig', port: KUBE_PRISM_PORT },
  );
  if (!cp) return docs;

  const encryptionProviders = [
    ...(s.secrets.secretboxencryptionsecret ? [{ secretbox: { keys: [{ name: 'key2', secret: s.secrets.secretboxencryptionsecret }] } }] : []),
    ...(s.secrets.aescbcencryptionsecret ? [{ secretbox: { keys: [{ name: 'key1', secret: s.secrets.aescbcencryptionsecret }] } }] : []),
  ];
  docs.push(
    {
      apiVersion: V,
      kind: 'KubeAggregatorCAConfig',
      issuingCA: { cert: pemOf(s.certs.k8saggregator.crt), key: pemOf(s.certs.k8saggregator.key) },
    },
    { apiVersion: V, kind: 'KubeAdmissionControlConfig', name: 'PodSecurity', configuration: podSecurityConfiguration() },
    { apiVersion: V, kind: 'KubeAuditPolicyConfig', configuration: auditPolicy() },
    { apiVersion: V, kind: 'KubeAuthenticationConfig', configuration: authenticationConfiguration() },
    { apiVersion: V, kind: 'KubeAuthorizerConfig', name: 'node', type: 'Node' },
    { apiVersion: V, kind: 'KubeAuthorizerConfig', name: 'rbac', type: 'RBAC' },
    {
      apiVersion: V,
      kind: 'KubeEtcdEncryptionConfig',
      config: goMap({ resources: [{ providers: encryptionProviders, resources: ['secrets'] }] }),
    },
    {
      apiVersion: V,
      kind: 'KubeServiceAccountConfig',
      issuer: { privateKey: pemOf(s.certs.k8sserviceaccount.key), issuerURL: input.endpoint },
    },
    struct({
      apiVersion: V,
      kind: 'KubeAPIServerConfig',
      image: image(KUBE_IMAGES.apiServer, k8s),
      apiPort: input.localAPIServerPort || undefined,
      certExtraSANs: input.apiServerCertSANs?.length ? [...input.apiServerCertSANs] : undefined,
    }),
    { apiVersion: V, kind: 'KubeControllerManagerConfig', image: image(KUBE_IMAGES.controllerManager, k8s) },
    { apiVersion: V, kind: 'KubeSchedulerConfig', image: image(KUBE_IMAGES.scheduler, k8s), config: new Map() },
    { apiVersion: V, kind: 'KubeProxyConfig', image: image(KUBE_IMAGES.proxy, k8s), config: new Map() },
  );
  if (!input.cniCustomURL) {
    docs.push({ apiVersion: V, kind: 'KubeFlannelCNIConfig', backendType: 'vxlan', backendPort: 4789 });
  }
  docs.push({ apiVersion: V, kind: 'KubeCoreDNSConfig', enabled: true });
  if (input.cniCustomURL) {
    docs.push({ apiVersion: V, kind: 'KubeExternalManifestConfig', name: 'custom-cni', url: input.cniCustomURL });
  }
  return docs;
}
