import { TalgenError } from '../core/errors.js';
import { splitAddresses } from '../plan/addresses.js';
import type { PlannedNode } from '../plan/types.js';
import type { GencommandName, TargetRule } from './commands.js';

/** One line of a gencommand: the node and how talhelper names it on the line. */
export interface Target {
  node: PlannedNode;
  /** talhelper's `--nodes=` value: one of the node's addresses, or `-n` as given. */
  nodes: string;
  /** The node address the line is for (where a tunnel forwards to): `nodes`, or the node's first address for a hostname. */
  address: string;
}

interface SelectContext {
  command: GencommandName;
  /** The talconfig, for errors that are about the whole node list. */
  file: string;
}

const at = (node: PlannedNode, address: string, nodes = address): Target => ({ node, nodes, address });

function notFound(wanted: string | undefined, all: PlannedNode[], ctx: SelectContext): TalgenError {
  const known = all.map((n) => `${n.hostname} (${splitAddresses(n.ipAddress).join(', ')})`).join(', ');
  if (wanted === undefined) {
    return new TalgenError(`no controlplane node in the talconfig for ${ctx.command}`, { file: ctx.file, hint: 'mark a node with controlPlane: true' });
  }
  return new TalgenError(`node with IP or hostname ${wanted} not found`, { file: ctx.file, hint: `-n takes a hostname or an address of: ${known}` });
}

function notControlPlane(n: PlannedNode, by: 'IP' | 'hostname', wanted: string, all: PlannedNode[], ctx: SelectContext): TalgenError {
  const cps = all.filter((c) => c.controlPlane).map((c) => c.hostname);
  const where = n.from.controlPlane?.at ?? n.from.hostname?.at ?? { file: ctx.file };
  return new TalgenError(`node with ${by} ${wanted} is not a controlplane node`, {
    ...where,
    path: `nodes[${n.index}].controlPlane`,
    hint: `${ctx.command} runs against a control plane node${cps.length ? `: ${cps.join(', ')}` : ''}`,
  });
}

/** The first control plane's first address (talhelper's default target of the single-node commands). */
function firstControlPlane(all: PlannedNode[], ctx: SelectContext): Target[] {
  const cp = all.find((n) => n.controlPlane);
  if (!cp) throw notFound(undefined, all, ctx);
  return [at(cp, splitAddresses(cp.ipAddress)[0]!)];
}

/**
 * The lines of a command by talhelper's target rules (see `TargetRule`), in talconfig node order. `wanted` is `-n`
 * (empty or undefined: no selection). Unknown nodes and workers where a control plane is needed are errors with
 * talhelper's messages.
 */
export function selectTargets(rule: TargetRule, all: PlannedNode[], wanted: string | undefined, ctx: SelectContext): Target[] {
  const want = wanted === '' ? undefined : wanted;
  const out: Target[] = [];
  if (rule === 'everyAddress') {
    for (const n of all) {
      const addresses = splitAddresses(n.ipAddress);
      if (want !== undefined && addresses.includes(want)) out.push(at(n, want));
      else if (want === undefined || want === n.hostname) for (const a of addresses) out.push(at(n, a));
    }
  } else if (want === undefined) {
    return firstControlPlane(all, ctx);
  } else {
    for (const n of all) {
      const addresses = splitAddresses(n.ipAddress);
      const byIP = addresses.includes(want);
      if (!byIP && want !== n.hostname) continue;
      if (rule === 'firstControlPlaneOrNamed') return [at(n, byIP ? want : addresses[0]!, want)];
      if (!n.controlPlane) throw notControlPlane(n, byIP ? 'IP' : 'hostname', want, all, ctx);
      return [at(n, byIP ? want : addresses[0]!)];
    }
  }
  if (!out.length) throw want === undefined ? new TalgenError('the talconfig has no nodes', { file: ctx.file, path: 'nodes' }) : notFound(want, all, ctx);
  return out;
}
