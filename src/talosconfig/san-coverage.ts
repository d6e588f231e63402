import { releaseAtLeast } from '../core/contract.js';
import type { Issue, Locator } from '../core/issue.js';
import { addrSortKey, canonicalAddr } from '../model/netip.js';
import { splitAddresses } from '../plan/addresses.js';

/**
 * What a node's Talos API (apid) certificate covers besides `machine.certSANs`, as Talos's APICertSANsController
 * builds it, row by row: the node's own addresses, its hostname, and 127.0.0.1 from the releases that add it.
 */
export const IMPLICIT_API_SANS: readonly { covers: 'own addresses' | 'hostname' | '127.0.0.1'; since?: string }[] = [
  { covers: 'own addresses' },
  { covers: 'hostname' },
  { covers: '127.0.0.1', since: 'v1.13.4' },
];

/** Whether Talos `talosVersion` puts 127.0.0.1 into every apid certificate by itself (the table's 127.0.0.1 row). */
export function loopbackImplicit(talosVersion: string): boolean {
  return IMPLICIT_API_SANS.some((row) => row.covers === '127.0.0.1' && (!row.since || releaseAtLeast(talosVersion, row.since)));
}

/** A node as the check sees it: what its certificate covers. */
export interface NodeCertView {
  index: number;
  hostname: string;
  /** The hostname Talos runs with (absent with `ignoreHostname`: Talos picks one the config does not know). */
  runsAsHostname?: string;
  /** Addresses the node has by its config (ipAddress entries, interface addresses); only IPs count. */
  ownAddresses: string[];
  /** `machine.certSANs` of the rendered config. */
  certSANs: string[];
  /** Where the node is in talconfig. */
  at: Locator;
}

/** One way talosctl (or a generated command) reaches a node: the address it dials and why. */
export interface NodeRoute {
  node: number;
  address: string;
  via: string;
}

export interface ApiCertSans {
  ips: string[];
  dnsNames: string[];
}

const ipOf = (s: string): string | undefined => {
  const r = canonicalAddr(s.trim().replace(/^\[(.*)\]$/, '$1'));
  return r.ok ? r.text : undefined;
};

/** IPs (canonical text) in netip.Addr.Compare order. */
function sortIps(ips: Iterable<string>): string[] {
  return [...ips]
    .map((ip) => ({ ip, key: addrSortKey(ip) ?? ip }))
    .sort((x, y) => (x.key < y.key ? -1 : x.key > y.key ? 1 : 0))
    .map((x) => x.ip);
}

/** The SANs Talos puts into a node's apid certificate for a Talos release (sorted as Talos's CertSAN.Sort sorts them). */
export function apiCertSans(node: NodeCertView, talosVersion: string): ApiCertSans {
  const ips = new Set<string>();
  const dnsNames = new Set<string>();
  const add = (v: string) => {
    const ip = ipOf(v);
    if (ip) ips.add(ip);
    else if (v.trim()) dnsNames.add(v.trim().toLowerCase());
  };
  node.certSANs.forEach(add);
  for (const row of IMPLICIT_API_SANS) {
    if (row.since && !releaseAtLeast(talosVersion, row.since)) continue;
    if (row.covers === 'own addresses') {
      for (const ip of node.ownAddresses.map(ipOf)) if (ip) ips.add(ip);
    } else if (row.covers === 'hostname' && node.runsAsHostname) add(node.runsAsHostname);
    else if (row.covers === '127.0.0.1') add('127.0.0.1');
  }
  return { ips: sortIps(ips), dnsNames: [...dnsNames].sort() };
}

/** Go's x509.HostnameError lists at most this many SANs. */
const GO_MAX_NAMES_LISTED = 100;

/**
 * How Go's TLS client (talosctl) words the failure, as x509.HostnameError does: for an IP it lists the IP SANs, for a
 * name the DNS names.
 */
export function predictedTlsError(address: string, sans: ApiCertSans): string {
  const ip = ipOf(address);
  if (ip) {
    if (!sans.ips.length) return `x509: cannot validate certificate for ${ip} because it doesn't contain any IP SANs`;
    if (sans.ips.length >= GO_MAX_NAMES_LISTED) return `x509: certificate is valid for ${sans.ips.length} IP SANs, but none matched ${ip}`;
    return `x509: certificate is valid for ${sans.ips.join(', ')}, not ${ip}`;
  }
  if (sans.dnsNames.length >= GO_MAX_NAMES_LISTED) return `x509: certificate is valid for ${sans.dnsNames.length} names, but none matched ${address}`;
  if (!sans.dnsNames.length) return `x509: certificate is not valid for any names, but wanted to match ${address}`;
  return `x509: certificate is valid for ${sans.dnsNames.join(', ')}, not ${address}`;
}

function covered(address: string, sans: ApiCertSans): boolean {
  const ip = ipOf(address);
  if (ip) return sans.ips.includes(ip);
  const name = address.trim().toLowerCase();
  return sans.dnsNames.some((d) => d === name || (d.startsWith('*.') && name.endsWith(d.slice(1)) && !name.slice(0, -d.length + 1).includes('.')));
}

/**
 * Every route whose address the node's API certificate does not cover, as a located warning naming the node, the
 * address, how talosctl gets there, what talosctl will say, and the line to add.
 */
export function checkSanCoverage(nodes: NodeCertView[], routes: NodeRoute[], talosVersion: string): Issue[] {
  const issues: Issue[] = [];
  const seen = new Set<string>();
  for (const r of routes) {
    const node = nodes.find((n) => n.index === r.node);
    if (!node) continue;
    const key = `${r.node}\u0000${r.address}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const sans = apiCertSans(node, talosVersion);
    if (covered(r.address, sans)) continue;
    issues.push({
      severity: 'warning',
      message: `talosctl reaches ${node.hostname} at ${r.address} (${r.via}), which its API certificate does not cover; talosctl will fail with "${predictedTlsError(r.address, sans)}"`,
      hint: `add the SAN: "- ${r.address}" under additionalMachineCertSans (every node) or under certSANs of nodes[${node.index}]`,
      at: node.at,
    });
  }
  return issues;
}

/** What a route builder knows about a node and how the cluster is reached. */
export interface RouteNode extends NodeCertView {
  ipAddress: string;
  controlPlane: boolean;
  /** MagicDNS names the node announces on a tailnet (its Tailscale extension's TS_HOSTNAME / --hostname). */
  tailnetNames: string[];
}

export interface RouteOptions {
  /** The talosconfig's endpoints and nodes. */
  endpoints: string[];
  talosconfigNodes?: string[];
  /** Commands go through SSH tunnels (`access.sshBastion`): every node is dialled at 127.0.0.1. */
  sshTunnel?: boolean;
}

/**
 * Every address talosctl and the generated commands use to reach each node: its `ipAddress` entries, the
 * talosconfig endpoints (an endpoint that is not one control plane's own address — a VIP, a load balancer, a
 * Tailscale address, a DNS name — may land on any control plane), the talosconfig nodes, MagicDNS names of a
 * Tailscale extension, and 127.0.0.1 through SSH tunnels.
 */
export function accessRoutes(nodes: RouteNode[], o: RouteOptions): NodeRoute[] {
  const routes: NodeRoute[] = [];
  // The first node (in node order) that has an address, as written in its ipAddress or as an IP it owns: one index
  // for every lookup instead of a scan of every node's addresses per endpoint and per talosconfig node.
  const first = new Map<string, number>();
  const claim = (key: string | undefined, i: number) => {
    if (key !== undefined && !first.has(key)) first.set(key, i);
  };
  nodes.forEach((n, i) => {
    for (const a of splitAddresses(n.ipAddress)) {
      claim(`=${a}`, i);
      claim(ipOf(a), i);
    }
    for (const a of n.ownAddresses) claim(ipOf(a), i);
  });
  const owner = (address: string): RouteNode | undefined => {
    const ip = ipOf(address);
    const i = Math.min(first.get(`=${address}`) ?? Infinity, (ip === undefined ? undefined : first.get(ip)) ?? Infinity);
    return nodes[i];
  };
  for (const n of nodes)
    for (const a of splitAddresses(n.ipAddress)) routes.push({ node: n.index, address: a, via: 'its ipAddress, used by generated commands' });
  for (const e of o.endpoints) {
    const own = owner(e);
    const targets = own ? [own] : nodes.filter((n) => n.controlPlane);
    for (const n of targets) routes.push({ node: n.index, address: e, via: 'talosconfig endpoint' });
  }
  for (const t of o.talosconfigNodes ?? []) {
    const own = owner(t);
    if (own) routes.push({ node: own.index, address: t, via: 'talosconfig nodes list' });
  }
  for (const n of nodes) for (const name of n.tailnetNames) routes.push({ node: n.index, address: name, via: 'Tailscale MagicDNS name' });
  if (o.sshTunnel) for (const n of nodes) routes.push({ node: n.index, address: '127.0.0.1', via: 'SSH tunnel through the bastion' });
  return routes;
}
