import type { PlannedNode } from '../plan/types.js';
import { splitAddresses } from '../plan/addresses.js';
import type { Issue } from '../core/issue.js';
import { accessRoutes, checkSanCoverage, type RouteNode, type RouteOptions } from './san-coverage.js';

type Doc = Record<string, unknown>;
const obj = (v: unknown): Doc => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Doc) : {});
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const strings = (v: unknown): string[] => arr(v).filter((x): x is string => typeof x === 'string');
const hostPart = (cidr: string) => cidr.replace(/\/\d+$/, '');

/** Addresses a rendered config gives the node: v1alpha1 interfaces and VLANs, and `addresses` of link documents. */
function configAddresses(docs: Doc[]): string[] {
  const out: string[] = [];
  const machine = obj(docs[0]?.machine);
  for (const i of arr(obj(machine.network).interfaces)) {
    const dev = obj(i);
    out.push(...strings(dev.addresses), ...(typeof dev.cidr === 'string' ? [dev.cidr] : []));
    for (const v of arr(dev.vlans)) out.push(...strings(obj(v).addresses));
  }
  for (const d of docs.slice(1)) for (const a of arr(d.addresses)) if (typeof obj(a).address === 'string') out.push(obj(a).address as string);
  return out.map(hostPart);
}

/** The MagicDNS names a node's Tailscale extension announces (TS_HOSTNAME, or --hostname in TS_EXTRA_ARGS). */
function tailnetNames(docs: Doc[]): string[] {
  const names: string[] = [];
  for (const d of docs) {
    if (d.kind !== 'ExtensionServiceConfig' || d.name !== 'tailscale') continue;
    for (const e of strings(d.environment)) {
      const [k, ...rest] = e.split('=');
      const v = rest.join('=');
      if (k === 'TS_HOSTNAME' && v) names.push(v);
      if (k === 'TS_EXTRA_ARGS') {
        const m = /(?:^|\s)--hostname(?:=|\s+)(\S+)/.exec(v);
        if (m) names.push(m[1]!);
      }
    }
  }
  return names;
}

/** A planned node with its rendered documents, as the SAN coverage check sees it. */
export function nodeView(node: PlannedNode, docs: Doc[]): RouteNode {
  return {
    index: node.index,
    hostname: node.hostname,
    runsAsHostname: node.ignoreHostname ? undefined : node.hostname,
    ipAddress: node.ipAddress,
    controlPlane: node.controlPlane,
    ownAddresses: [...splitAddresses(node.ipAddress), ...configAddresses(docs)],
    certSANs: strings(obj(docs[0]?.machine).certSANs),
    tailnetNames: tailnetNames(docs),
    at: node.from.hostname?.at ?? { path: `nodes[${node.index}]` },
  };
}

export interface RenderedNode {
  node: PlannedNode;
  docs: Doc[];
}

/**
 * The SAN coverage check for a rendered cluster (one row of `talgen check`): every address the talosconfig
 * (`endpoints`, `nodes`) and the generated commands use must be in that node's API certificate.
 */
export function clusterSanCoverage(rendered: RenderedNode[], talosVersion: string, o: RouteOptions): Issue[] {
  const views = rendered.map((r) => nodeView(r.node, r.docs));
  return checkSanCoverage(views, accessRoutes(views, o), talosVersion);
}
