/**
 * talhelper's `gencommand` subcommands as data (budimanjojo/talhelper pkg/generate/command.go), one row per
 * subcommand: the talosctl command it prints, which nodes it targets and the order of the arguments on the line.
 * `targets.ts` follows the target rules, `plan.ts` the argument slots, `templates/gencommand/<name>.hbs` prints them.
 */

export const GENCOMMANDS = ['apply', 'bootstrap', 'upgrade', 'upgrade-k8s', 'kubeconfig', 'reset', 'health'] as const;
export type GencommandName = (typeof GENCOMMANDS)[number];

/**
 * - `everyAddress`: one line per address of every node; `-n <IP>` → each node holding that IP, printed as given;
 *   `-n <hostname>` → one line per address of that node.
 * - `firstControlPlane`: one line for the first control plane (its first address); `-n` must name a control plane
 *   (an IP is printed as given, a hostname becomes its node's first address).
 * - `firstControlPlaneOrNamed`: like `firstControlPlane` without `-n`; with `-n` the first node it names, the value
 *   printed as given and no role check (talhelper's health).
 */
export type TargetRule = 'everyAddress' | 'firstControlPlane' | 'firstControlPlaneOrNamed';

/** One argument slot of a line; `nodes` is `--nodes=` (preceded by `--endpoints=` through a bastion), `extra` is --extra-flags. */
export type Slot = 'talosconfig' | 'nodes' | 'file' | 'image' | 'to' | 'insecure' | 'graceful' | 'reboot' | 'extra';

/**
 * How a command goes through an SSH bastion: `perAddress` — a local port per node address (talosctl takes the port
 * in `--endpoints`/`--nodes`); `apiPort` — talosctl only ever uses port 50000 there (seed 000), so one tunnel for the
 * target on local port 50000.
 */
export type TunnelRule = 'perAddress' | 'apiPort';

export interface GencommandRow {
  talosctl: string;
  targets: TargetRule;
  /** talhelper's argument order (it puts --extra-flags before --nodes for bootstrap, kubeconfig and upgrade-k8s). */
  slots: Slot[];
  tunnel: TunnelRule;
  /** Destructive on every node at once: needs `-n` or `--all` (talhelper would target every node). */
  destructive?: true;
  /** The command's own talgen flags (anything else of them is a usage error here). */
  flags: ('insecure' | 'offlineMode' | 'all' | 'reboot' | 'graceful')[];
}

export const GENCOMMAND_TABLE: Record<GencommandName, GencommandRow> = {
  apply: {
    talosctl: 'apply-config',
    targets: 'everyAddress',
    slots: ['talosconfig', 'nodes', 'file', 'insecure', 'extra'],
    tunnel: 'perAddress',
    flags: ['insecure'],
  },
  upgrade: { talosctl: 'upgrade', targets: 'everyAddress', slots: ['talosconfig', 'nodes', 'image', 'extra'], tunnel: 'perAddress', flags: ['offlineMode'] },
  reset: {
    talosctl: 'reset',
    targets: 'everyAddress',
    slots: ['talosconfig', 'nodes', 'graceful', 'reboot', 'extra'],
    tunnel: 'perAddress',
    destructive: true,
    flags: ['all', 'reboot', 'graceful'],
  },
  bootstrap: { talosctl: 'bootstrap', targets: 'firstControlPlane', slots: ['talosconfig', 'extra', 'nodes'], tunnel: 'apiPort', flags: [] },
  kubeconfig: { talosctl: 'kubeconfig', targets: 'firstControlPlane', slots: ['talosconfig', 'extra', 'nodes'], tunnel: 'apiPort', flags: [] },
  'upgrade-k8s': { talosctl: 'upgrade-k8s', targets: 'firstControlPlane', slots: ['talosconfig', 'to', 'extra', 'nodes'], tunnel: 'apiPort', flags: [] },
  health: { talosctl: 'health', targets: 'firstControlPlaneOrNamed', slots: ['talosconfig', 'nodes', 'extra'], tunnel: 'apiPort', flags: [] },
};
