import { isIP } from '../core/ip.js';
import { UsageError } from '../core/errors.js';
import { nodeFileName } from '../emit/layout.js';
import { sshDestination, TALOS_API_PORT, TUNNEL_ADDRESS } from '../plan/access.js';
import { splitAddresses } from '../plan/addresses.js';
import { nodeInstallerImage } from '../plan/installer-image.js';
import type { Bastion, ClusterPlan, PlannedNode } from '../plan/types.js';
import { GENCOMMAND_TABLE, type GencommandName, type Slot } from './commands.js';
import { selectTargets, type Target } from './targets.js';

export interface GencommandOptions {
  command: GencommandName;
  /** The talconfig (for errors about the node list). */
  configFile: string;
  /** `-o` as given: talhelper prints it verbatim in `--talosconfig=` and `--file=`. */
  outDir: string;
  /** `-n`: a hostname or an address. */
  node?: string;
  extraFlags: string[];
  /** apply: `--insecure` (a node in maintenance mode takes its first config without client certificates). */
  insecure: boolean;
  /** reset: spelled out on every line. */
  graceful: boolean;
  reboot: boolean;
  /** reset: every node (without `-n`). */
  all: boolean;
  bastion?: Bastion;
  /** Local port of the first node address; the k-th address in talconfig order gets base + k - 1. */
  localPortBase: number;
}

/** What a template prints for one talosctl line (every key present, '' or false when unused, for Handlebars' strict mode). */
export interface LineFields {
  talosconfig: string;
  /** `--endpoints=` through a bastion (talosctl connects there; `--nodes` is then the node as the tunnel sees it). */
  endpoints: string;
  nodes: string;
  file: string;
  image: string;
  to: string;
  insecure: boolean;
  graceful: boolean;
  reboot: boolean;
  extraFlags: string[];
  hostname: string;
  role: 'controlplane' | 'worker';
  address: string;
}

export interface PlannedLine {
  node: string;
  role: 'controlplane' | 'worker';
  /** The node address the line is for. */
  address: string;
  /** Where talosctl is pointed: the `--endpoints` value through a bastion, else the `--nodes` value. */
  endpoint: string;
  /** talosctl's argv, in talhelper's order. */
  argv: string[];
  fields: LineFields;
}

export interface Forward {
  node: string;
  address: string;
  localPort: number;
  remotePort: number;
}

export interface TunnelPlan {
  bastion: string;
  destination: string;
  port?: number;
  forwards: Forward[];
  argv: string[];
}

export interface CommandPlan {
  command: GencommandName;
  tunnel?: TunnelPlan;
  lines: PlannedLine[];
}

/** `-L` wants an IPv6 target in brackets. */
const forwardHost = (address: string) => (isIP(address) === 6 ? `[${address}]` : address);

export function forwardSpec(f: Forward): string {
  return `${f.localPort}:${forwardHost(f.address)}:${f.remotePort}`;
}

/** The local port of every node address: base, base + 1, … over the nodes in talconfig order, each address in turn. */
function localPorts(nodes: PlannedNode[], base: number): Map<string, number> {
  const ports = new Map<string, number>();
  for (const n of nodes) for (const a of splitAddresses(n.ipAddress)) ports.set(`${n.index}\u0000${a}`, base + ports.size);
  return ports;
}

const SLOT_ARGS: Record<Slot, (f: LineFields) => string[]> = {
  talosconfig: (f) => [`--talosconfig=${f.talosconfig}`],
  nodes: (f) => [...(f.endpoints ? [`--endpoints=${f.endpoints}`] : []), `--nodes=${f.nodes}`],
  file: (f) => [`--file=${f.file}`],
  image: (f) => [`--image=${f.image}`],
  to: (f) => [`--to=${f.to}`],
  insecure: (f) => (f.insecure ? ['--insecure'] : []),
  graceful: (f) => [`--graceful=${f.graceful}`],
  reboot: (f) => [`--reboot=${f.reboot}`],
  extra: (f) => f.extraFlags,
};

/**
 * The lines of `talgen gencommand <command>`: talhelper's targets and arguments, and through a bastion the tunnel
 * they need (see TunnelRule) with each line aimed at its end of the tunnel.
 */
export function planCommands(plan: ClusterPlan, o: GencommandOptions): CommandPlan {
  const row = GENCOMMAND_TABLE[o.command];
  if (row.destructive && !o.node && !o.all) {
    throw new UsageError(`${o.command} without -n would target every node`, `name the node with -n (hostname or IP), or pass --all to ${o.command} every node`);
  }
  if (o.all && o.node) throw new UsageError('--all and -n exclude each other', `-n ${o.node} targets that node only; --all every node`);
  const { cluster, nodes } = plan;
  const targets = selectTargets(row.targets, nodes, o.node, { command: o.command, file: o.configFile });
  const ports = o.bastion && row.tunnel === 'perAddress' ? localPorts(nodes, o.localPortBase) : undefined;
  const forwards = new Map<number, Forward>();

  const line = (t: Target): PlannedLine => {
    const role = t.node.controlPlane ? 'controlplane' : 'worker';
    const fields: LineFields = {
      talosconfig: `${o.outDir}/talosconfig`,
      endpoints: '',
      nodes: t.nodes,
      file: row.slots.includes('file')
        ? `${o.outDir}/${nodeFileName({ clusterName: cluster.clusterName, hostname: t.node.hostname, ipAddress: t.node.ipAddress, role, filenameTmpl: t.node.filenameTmpl, where: `nodes[${t.node.index}]` })}`
        : '',
      image: row.slots.includes('image') ? nodeInstallerImage(cluster, t.node) : '',
      to: row.slots.includes('to') ? `v${cluster.kubernetesVersion}` : '',
      insecure: o.insecure,
      graceful: o.graceful,
      reboot: o.reboot,
      extraFlags: o.extraFlags,
      hostname: t.node.hostname,
      role,
      address: t.address,
    };
    if (o.bastion) {
      const localPort = ports ? ports.get(`${t.node.index}\u0000${t.address}`)! : TALOS_API_PORT;
      forwards.set(localPort, { node: t.node.hostname, address: t.address, localPort, remotePort: TALOS_API_PORT });
      // Maintenance mode (--insecure) connects to --nodes itself; otherwise talosctl connects to --endpoints and
      // names the node as the tunnel's far end sees itself.
      const local = localPort === TALOS_API_PORT ? TUNNEL_ADDRESS : `${TUNNEL_ADDRESS}:${localPort}`;
      if (o.insecure) fields.nodes = local;
      else {
        fields.endpoints = local;
        fields.nodes = TUNNEL_ADDRESS;
      }
    }
    return {
      node: t.node.hostname,
      role,
      address: t.address,
      endpoint: fields.endpoints || fields.nodes,
      argv: ['talosctl', row.talosctl, ...row.slots.flatMap((s) => SLOT_ARGS[s](fields))],
      fields,
    };
  };
  const lines = targets.map(line);
  if (!o.bastion) return { command: o.command, lines };
  const f = [...forwards.values()];
  const destination = sshDestination(o.bastion);
  const tunnel: TunnelPlan = {
    bastion: o.bastion.spec,
    destination,
    ...(o.bastion.port !== undefined ? { port: o.bastion.port } : {}),
    forwards: f,
    argv: [
      'ssh',
      ...f.flatMap((x) => ['-L', forwardSpec(x)]),
      '-N',
      '-f',
      ...(o.bastion.port !== undefined ? ['-p', String(o.bastion.port)] : []),
      destination,
    ],
  };
  return { command: o.command, tunnel, lines };
}

/** `--output json`: the plan without the template fields (stable keys for scripts). */
export function planJson(p: CommandPlan): object {
  return {
    command: p.command,
    tunnel: p.tunnel ?? null,
    commands: p.lines.map(({ node, role, address, endpoint, argv }) => ({ node, role, address, endpoint, argv })),
  };
}
