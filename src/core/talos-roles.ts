/**
 * Talos API roles a client certificate can carry (its Organization values), as siderolabs/talos
 * `pkg/machinery/role` lists them, with the first Talos release that knows each one (read from the machinery module
 * of each release: os:operator is in v1.4.0 and not in v1.3.7; os:image:verifier and os:meta:writer are in v1.13.0
 * and not in v1.12.11). Talos keeps a role it does not know (for newer clients) but grants nothing for it. One table
 * for talosconfig's `--roles` and for a rendered config's `kubernetesTalosAPIAccess.allowedRoles`.
 */
export interface RoleRow {
  role: string;
  since: string;
}

export const ROLE_PREFIX = 'os:';

export const TALOS_ROLES: readonly RoleRow[] = [
  { role: 'os:admin', since: 'v0.11.0' }, // every API, secrets included
  { role: 'os:operator', since: 'v1.4.0' }, // reader APIs plus management without secrets (reboot, etcd snapshots)
  { role: 'os:reader', since: 'v0.11.0' }, // read-only APIs that expose no secrets
  { role: 'os:etcd:backup', since: 'v0.11.0' }, // etcd snapshots
  { role: 'os:impersonator', since: 'v0.11.0' }, // acting as another role (used by Talos itself)
  { role: 'os:image:verifier', since: 'v1.13.0' }, // image verification
  { role: 'os:meta:writer', since: 'v1.13.0' }, // writing and deleting META values
];
