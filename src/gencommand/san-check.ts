import type { Issue } from '../core/issue.js';
import { machineCertSANs, TUNNEL_ADDRESS } from '../plan/access.js';
import type { PlannedCluster, PlannedNode } from '../plan/types.js';
import { loopbackImplicit } from '../talosconfig/san-coverage.js';

/**
 * Nodes that talosctl reaches through an SSH tunnel (on 127.0.0.1) but whose Talos API certificate will not name
 * 127.0.0.1: every command except a maintenance-mode apply then fails TLS verification. The SANs are the machine
 * certSANs as genconfig plans them (`talgen check` looks at the rendered configs through talosconfig/san-coverage.ts).
 * None for the Talos releases that name 127.0.0.1 in every API certificate themselves.
 */
export function tunnelSanIssues(cluster: PlannedCluster, nodes: PlannedNode[]): Issue[] {
  if (loopbackImplicit(cluster.talosVersion)) return [];
  return nodes
    .filter((n) => !machineCertSANs(cluster, n).includes(TUNNEL_ADDRESS))
    .map((n) => ({
      severity: 'warning',
      message: `${n.hostname} is reached through an SSH tunnel but its machine certSANs lack ${TUNNEL_ADDRESS}: talosctl will fail with "x509: certificate is valid for …, not ${TUNNEL_ADDRESS}"`,
      hint: `set access.sshBastion in the talconfig (genconfig then adds ${TUNNEL_ADDRESS} to every node), render and apply the configs again`,
      at: { ...(n.from.hostname?.at ?? {}), path: `nodes[${n.index}].certSANs` },
    }));
}
