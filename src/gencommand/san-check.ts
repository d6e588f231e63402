import type { Issue } from '../core/issue.js';
import { machineCertSANs, TUNNEL_ADDRESS } from '../plan/access.js';
import type { PlannedCluster, PlannedNode } from '../plan/types.js';

/**
 * Nodes that talosctl reaches through an SSH tunnel (on 127.0.0.1) but whose Talos API certificate will not name
 * 127.0.0.1: every command except a maintenance-mode apply then fails TLS verification. `sansOf` gives a node's
 * machine certSANs — by default as genconfig plans them before patches; a caller that has the rendered configs
 * passes their `machine.certSANs`, so a patch that drops the SAN is caught too.
 */
export function tunnelSanIssues(
  cluster: PlannedCluster,
  nodes: PlannedNode[],
  sansOf: (n: PlannedNode) => readonly string[] = (n) => machineCertSANs(cluster, n),
): Issue[] {
  return nodes
    .filter((n) => !sansOf(n).includes(TUNNEL_ADDRESS))
    .map((n) => ({
      severity: 'warning',
      message: `${n.hostname} is reached through an SSH tunnel but its machine certSANs lack ${TUNNEL_ADDRESS}: talosctl will fail with "x509: certificate is valid for …, not ${TUNNEL_ADDRESS}"`,
      hint: `set access.sshBastion in the talconfig (genconfig then adds ${TUNNEL_ADDRESS} to every node), render and apply the configs again`,
      at: { ...(n.from.hostname?.at ?? {}), path: `nodes[${n.index}].certSANs` },
    }));
}
