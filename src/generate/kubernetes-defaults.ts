import { goMap } from './values.js';

/** Default Pod Security admission plugin configuration Talos ships (baseline enforce, restricted audit/warn). */
export function podSecurityConfiguration(): Map<string, unknown> {
  return goMap({
    apiVersion: 'pod-security.admission.config.k8s.io/v1alpha1',
    kind: 'PodSecurityConfiguration',
    defaults: {
      enforce: 'baseline',
      'enforce-version': 'latest',
      audit: 'restricted',
      'audit-version': 'latest',
      warn: 'restricted',
      'warn-version': 'latest',
    },
    exemptions: { namespaces: ['kube-system'], runtimeClasses: [], usernames: [] },
  });
}

/** Default API server audit policy: everything at Metadata level. */
export function auditPolicy(): Map<string, unknown> {
  return goMap({ apiVersion: 'audit.k8s.io/v1', kind: 'Policy', rules: [{ level: 'Metadata' }] });
}

/** Default structured authentication config (v1.14+): anonymous only for health endpoints. */
export function authenticationConfiguration(): Map<string, unknown> {
  return goMap({
    anonymous: { enabled: true, conditions: [{ path: '/livez' }, { path: '/readyz' }, { path: '/healthz' }] },
    jwt: [],
  });
}

export const KUBE_IMAGES = {
  kubelet: 'ghcr.io/siderolabs/kubelet',
  apiServer: 'registry.k8s.io/kube-apiserver',
  controllerManager: 'registry.k8s.io/kube-controller-manager',
  scheduler: 'registry.k8s.io/kube-scheduler',
  proxy: 'registry.k8s.io/kube-proxy',
} as const;

export const KUBE_PRISM_PORT = 7445;
export const DISCOVERY_SERVICE_ENDPOINT = 'https://discovery.talos.dev/';
export const LABEL_CONTROL_PLANE = 'node-role.kubernetes.io/control-plane';
export const LABEL_EXCLUDE_FROM_LB = 'node.kubernetes.io/exclude-from-external-load-balancers';
export const POD_SUBNET_V4 = '10.244.0.0/16';
export const SERVICE_SUBNET_V4 = '10.96.0.0/12';
export const POD_SUBNET_V6 = 'fc00:db8:10::/56';
export const SERVICE_SUBNET_V6 = 'fc00:db8:20::/112';
export const FILESYSTEM_TRIM_INTERVAL = '168h0m0s';
