import { isIP } from '../core/ip.js';
import { TalgenError } from '../core/errors.js';
import type { Locator } from '../core/issue.js';
import type { Bastion, PlannedCluster, PlannedNode } from './types.js';
import { isDNSDomain } from '../validate/net.js';

/*
 * How talosctl reaches the nodes when they are not directly routable (seed 000, bootstrapping over SSH): through an
 * SSH bastion that forwards a local port to each node's Talos API. talgen's own talconfig field `access` (talhelper
 * ignores it); `gencommand --ssh-bastion` / `--local-port-base` set the same for one run.
 */

/** The Talos API port on every node: what the tunnels forward to, and the one port bootstrap/health/kubeconfig use. */
export const TALOS_API_PORT = 50000;
/** Where the tunnels listen, and the SAN the Talos API certificate needs for talosctl to verify it through them. */
export const TUNNEL_ADDRESS = '127.0.0.1';
/** First local port of the per-node tunnels (one port per node address, in talconfig order). */
export const DEFAULT_LOCAL_PORT_BASE = 50001;

const USER = /^[A-Za-z0-9_][A-Za-z0-9._-]*$/;
const SPEC = /^(?:([^@]*)@)?(\[[^\]]*\]|[^:[\]]*)(?::([^:]*))?$/;

function malformed(spec: string, why: string, at: Locator): TalgenError {
  return new TalgenError(`malformed SSH bastion "${spec}": ${why}`, {
    ...at,
    hint: 'write [user@]host[:port], e.g. ops@bastion.example.com or ops@203.0.113.7:2222',
  });
}

/** Parse `[user@]host[:port]` (IPv6 in brackets). Anything ssh could read as an option or a second argument is refused. */
export function parseBastion(spec: string, at: Locator): Bastion {
  const m = SPEC.exec(spec);
  if (!m) throw malformed(spec, 'more than one "@" or ":" (an IPv6 address goes in brackets)', at);
  const [, user, rawHost, port] = m;
  if (user !== undefined && !USER.test(user)) throw malformed(spec, `"${user}" is not a user name`, at);
  const bracketed = rawHost!.startsWith('[');
  const host = bracketed ? rawHost!.slice(1, -1) : rawHost!;
  if (!host) throw malformed(spec, 'no host', at);
  if (bracketed ? isIP(host) !== 6 : !(isIP(host) === 4 || isDNSDomain(host))) {
    throw malformed(spec, `"${host}" is not a host name${bracketed ? ' (brackets hold an IPv6 address)' : ' or IPv4 address'}`, at);
  }
  const b: Bastion = { spec, host, ...(user !== undefined ? { user } : {}) };
  if (port !== undefined) {
    if (!/^[1-9]\d{0,4}$/.test(port) || Number(port) > 65535) throw malformed(spec, `"${port}" is not a TCP port (1-65535)`, at);
    b.port = Number(port);
  }
  return b;
}

/** ssh's destination argument: `user@host` (`user@[::1]` is not ssh syntax: IPv6 goes bare here, its port in `-p`). */
export function sshDestination(b: Bastion): string {
  return b.user !== undefined ? `${b.user}@${b.host}` : b.host;
}

/**
 * The local ports of the per-node tunnels: `count` consecutive ports from `base`. They must be unprivileged, fit
 * below 65536 and leave out 50000, which the bootstrap/health/kubeconfig tunnel takes.
 */
export function checkLocalPortBase(base: number, count: number, at: Locator): void {
  const last = base + Math.max(count, 1) - 1;
  if (!Number.isInteger(base) || base < 1024 || last > 65535) {
    throw new TalgenError(`local port base ${base} does not fit ${count} tunnel port(s) in 1024-65535`, {
      ...at,
      hint: `use a base such as ${DEFAULT_LOCAL_PORT_BASE}`,
    });
  }
  if (base <= TALOS_API_PORT && TALOS_API_PORT <= last) {
    throw new TalgenError(`local ports ${base}-${last} include ${TALOS_API_PORT}, the port of the bootstrap/health/kubeconfig tunnel`, {
      ...at,
      hint: `use a base above ${TALOS_API_PORT}, e.g. ${DEFAULT_LOCAL_PORT_BASE}`,
    });
  }
}

/**
 * A node's machine.certSANs before patches: talconfig's additionalMachineCertSans, then the node's certSANs as they
 * are (talhelper keeps a SAN that is in both lists twice, talhelper #869), then — when the cluster is reached through
 * an SSH bastion — 127.0.0.1, unless one of them already is it.
 */
export function machineCertSANs(cluster: PlannedCluster, node: PlannedNode): string[] {
  const sans = [...cluster.additionalMachineCertSans, ...(node.certSANs ?? [])];
  if (cluster.access?.sshBastion && !sans.includes(TUNNEL_ADDRESS)) sans.push(TUNNEL_ADDRESS);
  return sans;
}
