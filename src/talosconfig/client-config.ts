import { TalgenError } from '../core/errors.js';
import { splitAddresses } from '../plan/addresses.js';
import { defaultContextName } from './roles.js';

/** What a client config needs to know about a node of the talconfig. */
export interface ClientConfigNode {
  hostname: string;
  /** talconfig `ipAddress`: one address or DNS name, or a comma-separated list. */
  ipAddress: string;
  controlPlane: boolean;
}

export interface ClientConfigRequest {
  clusterName: string;
  clusterNodes: ClientConfigNode[];
  /** Sorted, de-duplicated roles (see parseRoles). */
  roles: string[];
  contextName?: string;
  /** Explicit endpoints; default: every control-plane address. */
  endpoints?: string[];
  /** Explicit nodes list; default: none, or every node address with `nodesSection`. */
  nodes?: string[];
  nodesSection: boolean;
}

export interface ClientConfigPlan {
  contextName: string;
  endpoints: string[];
  /** The context's `nodes` list (absent: talosctl targets the endpoints). */
  nodes?: string[];
  roles: string[];
}

/**
 * Context name, endpoints and nodes of a talosconfig, the same rules for `genconfig` (talhelper's layout) and
 * `talgen talosconfig`: endpoints default to the control-plane addresses (talosctl should talk to apid on control
 * planes), a nodes list only when one is given or every node is asked for (talhelper's default in genconfig, so
 * that one `talosctl apply` can hit every node).
 */
export function planClientConfig(r: ClientConfigRequest): ClientConfigPlan {
  if (r.nodes?.length && r.nodesSection)
    throw new TalgenError('--nodes and --nodes-section both set the nodes list', { path: '--nodes', hint: 'give one of them' });
  const endpoints = r.endpoints?.length ? r.endpoints : r.clusterNodes.filter((n) => n.controlPlane).flatMap((n) => splitAddresses(n.ipAddress));
  const nodes = r.nodes?.length ? r.nodes : r.nodesSection ? r.clusterNodes.flatMap((n) => splitAddresses(n.ipAddress)) : undefined;
  return { contextName: r.contextName ?? defaultContextName(r.clusterName, r.roles), endpoints, nodes, roles: r.roles };
}
