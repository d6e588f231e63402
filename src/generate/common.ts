import { TalgenError } from '../core/errors.js';
import { POD_SUBNET_V4, POD_SUBNET_V6, SERVICE_SUBNET_V4, SERVICE_SUBNET_V6 } from './kubernetes-defaults.js';
import { isIPv6 } from '../core/ip.js';
import type { GenerateInput } from './input.js';

export type Doc = Record<string, unknown>;

export function image(repo: string, kubernetesVersion: string): string {
  return `${repo}:v${kubernetesVersion}`;
}

/** Endpoints that passed the check: every node of a cluster is generated with the same one. */
const validEndpoints = new Set<string>();

/**
 * Validate a control-plane endpoint the way `talosctl gen config` does: an https URL with a host and a port in range.
 */
export function checkEndpoint(endpoint: string, where: { file?: string; path?: string } = {}): void {
  if (validEndpoints.has(endpoint)) return;
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    throw new TalgenError(`endpoint "${endpoint}" is not a URL`, {
      ...where,
      hint: 'use the form https://<host or VIP>:6443',
    });
  }
  if (url.protocol !== 'https:') {
    throw new TalgenError(`endpoint "${endpoint}" must use https`, { ...where, hint: `try https://${url.host || endpoint}:6443` });
  }
  if (!url.hostname) throw new TalgenError(`endpoint "${endpoint}" has no host`, { ...where, hint: 'use https://<host>:6443' });
  const port = url.port === '' ? 443 : Number(url.port);
  if (!(port >= 1 && port <= 65535)) throw new TalgenError(`endpoint "${endpoint}" has an invalid port`, where);
  if (validEndpoints.size < 256) validEndpoints.add(endpoint);
}

/** Go `url.URL.Hostname()`: host without port and without IPv6 brackets. */
export function endpointHost(endpoint: string): string {
  const host = new URL(endpoint).hostname;
  return host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
}

/** IPv6 defaults only when the whole endpoint string is a bare IPv6 literal (Talos's NewInput rule). */
export function podAndServiceNets(input: GenerateInput): { podSubnets: string[]; serviceSubnets: string[] } {
  // Asked only for a default: Node's IPv6 matcher (an endpoint URL has a colon) costs milliseconds to compile on first use.
  const v6 = () => isIPv6(input.endpoint);
  return {
    podSubnets: input.podSubnets?.length ? [...input.podSubnets] : [v6() ? POD_SUBNET_V6 : POD_SUBNET_V4],
    serviceSubnets: input.serviceSubnets?.length ? [...input.serviceSubnets] : [v6() ? SERVICE_SUBNET_V6 : SERVICE_SUBNET_V4],
  };
}

/** RegistryMirrorConfig documents (contract ≥ v1.12), sorted by name like Talos. */
export function registryDocuments(mirrors: Record<string, string[]>): Doc[] {
  return Object.keys(mirrors)
    .sort()
    .map((host) => ({
      apiVersion: 'v1alpha1',
      kind: 'RegistryMirrorConfig',
      name: host,
      endpoints: mirrors[host]!.map((url) => ({ url })),
    }));
}
