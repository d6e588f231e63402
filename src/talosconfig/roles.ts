import { releaseAtLeast } from '../core/contract.js';
import { TalgenError } from '../core/errors.js';
import type { WarningSink } from '../core/issue.js';
import { ROLE_PREFIX, TALOS_ROLES } from '../core/talos-roles.js';

export const ADMIN_ROLE = 'os:admin';

/**
 * The roles of a client certificate from `--roles` values: trimmed, de-duplicated and
 * sorted as Talos sorts them. A role without the `os:` prefix is an error; an `os:` role Talos does not list, or one
 * newer than the cluster's Talos release, is a warning (Talos keeps it but grants nothing for it).
 */
export function parseRoles(values: string[], talosVersion: string | undefined, onWarning: WarningSink): string[] {
  const roles = [...new Set(values.map((r) => r.trim()).filter(Boolean))].sort();
  if (!roles.length) throw new TalgenError('--roles is empty', { path: '--roles', hint: `give at least one role, e.g. ${ADMIN_ROLE}` });
  for (const r of roles) {
    if (!r.startsWith(ROLE_PREFIX)) {
      throw new TalgenError(`role "${r}" has no "${ROLE_PREFIX}" prefix`, {
        path: '--roles',
        hint: `Talos roles are ${TALOS_ROLES.map((x) => x.role).join(', ')}`,
      });
    }
    const row = TALOS_ROLES.find((x) => x.role === r);
    if (!row)
      onWarning(
        `--roles: "${r}" is not a Talos role; Talos keeps it in the certificate but grants nothing for it (known: ${TALOS_ROLES.map((x) => x.role).join(', ')})`,
      );
    else if (talosVersion && !releaseAtLeast(talosVersion, row.since))
      onWarning(`--roles: "${r}" is known from Talos ${row.since}; this cluster runs ${talosVersion}, which grants nothing for it`);
  }
  return roles;
}

/**
 * The context name when none is given: a single non-admin role names it `<role>@<cluster>` (the role without
 * `os:`), as Talos names the context of `talosctl config new`; otherwise the cluster name, as `talosctl gen config`
 * and talhelper name the admin talosconfig (talosctl config new would call a lone os:admin `admin@<cluster>`).
 */
export function defaultContextName(clusterName: string, roles: string[]): string {
  if (roles.length === 1 && roles[0] !== ADMIN_ROLE) return `${roles[0]!.slice(ROLE_PREFIX.length)}@${clusterName}`;
  return clusterName;
}
