import { has } from '../core/contract-traits.js';
import type { GenerateInput, MachineType } from './input.js';
import { auditPolicy, KUBE_IMAGES, KUBE_PRISM_PORT, LABEL_EXCLUDE_FROM_LB, podSecurityConfiguration } from './kubernetes-defaults.js';
import { endpointHost, image, podAndServiceNets, registryDocuments, type Doc } from './common.js';
import { goMap, struct } from './values.js';

/**
 * Contracts ≤ v1.13: one big v1alpha1 document (+ HostnameConfig, registry and KubeSpan documents from v1.12/v1.13).
 * Keys are built in Talos's struct field order.
 */
export function legacyLayout(input: GenerateInput, type: MachineType): Doc[] {
  const c = input.contract;
  const cp = type !== 'worker';
  const s = input.secrets;
  const k8s = input.kubernetesVersion;
  const kubespan = input.kubespanEnabled !== undefined;

  const features = struct({
    rbac: has(c, 'legacyFeatureFlags') ? true : undefined,
    stableHostname: has(c, 'legacyFeatureFlags') ? true : undefined,
    apidCheckExtKeyUsage: has(c, 'legacyFeatureFlags') ? true : undefined,
    diskQuotaSupport: has(c, 'diskQuotaSupport') ? true : undefined,
    kubePrism: has(c, 'kubePrism') ? { enabled: true, port: KUBE_PRISM_PORT } : undefined,
    hostDNS: has(c, 'hostDNS')
      ? struct({ enabled: true, forwardKubeDNSToHost: has(c, 'hostDNSForwardKubeDNS') || input.hostDNSForwardKubeDNSToHost ? true : undefined })
      : undefined,
  });

  let network: Record<string, unknown> | undefined;
  if (has(c, 'machineNetworkBlock')) network = {};
  if (kubespan && !has(c, 'kubeSpanDocument')) network = { kubespan: { enabled: input.kubespanEnabled } };

  const mirrors = input.registryMirrors ?? {};
  const legacyMirrors = !has(c, 'registryMirrorDocuments') && Object.keys(mirrors).length > 0;

  const machine = struct({
    type,
    token: s.trustdinfo.token,
    ca: cp ? { crt: s.certs.os.crt, key: s.certs.os.key } : { crt: s.certs.os.crt, key: '' },
    certSANs: [...(input.machineCertSANs ?? [])],
    kubelet: struct({
      image: k8s ? image(KUBE_IMAGES.kubelet, k8s) : undefined,
      defaultRuntimeSeccompProfileEnabled: true,
      disableManifestsDirectory: true,
    }),
    network,
    install: struct({
      disk: input.installDisk || undefined,
      extraKernelArgs: input.extraKernelArgs?.length ? [...input.extraKernelArgs] : undefined,
      image: input.installImage || undefined,
      wipe: false,
      grubUseUKICmdline: has(c, 'grubUseUKICmdline') ? true : undefined,
    }),
    sysctls: input.sysctls && Object.keys(input.sysctls).length ? goMap(input.sysctls) : undefined,
    registries: legacyMirrors
      ? {
          mirrors: new Map(Object.entries(mirrors).map(([host, eps]) => [host, { endpoints: [...eps] }])),
        }
      : undefined,
    features,
    nodeLabels: cp && has(c, 'excludeFromExternalLB') ? goMap({ [LABEL_EXCLUDE_FROM_LB]: '' }) : undefined,
  });

  const { podSubnets, serviceSubnets } = podAndServiceNets(input);
  const clusterNetwork = struct({
    cni: input.cniCustomURL ? { name: 'custom', urls: [input.cniCustomURL] } : undefined,
    dnsDomain: input.dnsDomain ?? 'cluster.local',
    podSubnets,
    serviceSubnets,
  });

  const apiServerSANs = [...(has(c, 'apiServerSANsFromEndpoint') ? [endpointHost(input.endpoint)] : []), ...(input.apiServerCertSANs ?? [])];

  const discovery =
    input.discoveryEnabled === undefined ? undefined : { enabled: input.discoveryEnabled, registries: { kubernetes: { disabled: true }, service: {} } };

  const cluster = cp
    ? struct({
        id: s.cluster.id,
        secret: s.cluster.secret,
        controlPlane: struct({ endpoint: input.endpoint, localAPIServerPort: input.localAPIServerPort || undefined }),
        clusterName: input.clusterName,
        network: clusterNetwork,
        token: s.secrets.bootstraptoken,
        secretboxEncryptionSecret: s.secrets.secretboxencryptionsecret || undefined,
        ca: { crt: s.certs.k8s.crt, key: s.certs.k8s.key },
        aggregatorCA: { crt: s.certs.k8saggregator.crt, key: s.certs.k8saggregator.key },
        serviceAccount: { key: s.certs.k8sserviceaccount.key },
        apiServer: struct({
          image: k8s ? image(KUBE_IMAGES.apiServer, k8s) : undefined,
          certSANs: apiServerSANs.length ? apiServerSANs : undefined,
          disablePodSecurityPolicy: has(c, 'disablePodSecurityPolicy') ? true : undefined,
          admissionControl: [{ name: 'PodSecurity', configuration: podSecurityConfiguration() }],
          auditPolicy: auditPolicy(),
        }),
        controllerManager: k8s ? { image: image(KUBE_IMAGES.controllerManager, k8s) } : undefined,
        proxy: k8s ? { image: image(KUBE_IMAGES.proxy, k8s) } : undefined,
        scheduler: k8s ? { image: image(KUBE_IMAGES.scheduler, k8s) } : undefined,
        discovery,
        etcd: { ca: { crt: s.certs.etcd.crt, key: s.certs.etcd.key } },
        allowSchedulingOnControlPlanes: input.allowSchedulingOnControlPlanes ? true : undefined,
      })
    : struct({
        id: s.cluster.id,
        secret: s.cluster.secret,
        controlPlane: { endpoint: input.endpoint },
        clusterName: has(c, 'workerClusterName') ? input.clusterName : undefined,
        network: clusterNetwork,
        token: s.secrets.bootstraptoken,
        ca: { crt: s.certs.k8s.crt, key: '' },
        discovery,
      });

  const docs: Doc[] = [{ version: 'v1alpha1', debug: input.debug ?? false, persist: true, machine, cluster }];
  if (has(c, 'registryMirrorDocuments')) docs.push(...registryDocuments(mirrors));
  if (has(c, 'hostnameDocument')) docs.push({ apiVersion: 'v1alpha1', kind: 'HostnameConfig', auto: 'stable' });
  if (kubespan && has(c, 'kubeSpanDocument')) {
    docs.push({ apiVersion: 'v1alpha1', kind: 'KubeSpanConfig', enabled: input.kubespanEnabled });
  }
  return docs;
}
