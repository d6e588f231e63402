import type { WarningSink } from '../../core/issue.js';
import { has } from '../../core/contract-traits.js';
import type { Contract } from '../../core/contract.js';
import type { PlannedNode } from '../types.js';
import { networkDocuments } from './network.js';
import { sideroLinkDocument } from '../siderolink.js';
import { extensionServiceDocuments, firewallDocuments, volumeDocuments } from './simple.js';

type Doc = Record<string, unknown>;
const V = 'v1alpha1';

/** ResolverConfig for node nameservers / disableSearchDomain (contract ≥ v1.12). */
export function resolverDocument(node: PlannedNode): Doc | undefined {
  if (!node.nameservers?.length && !node.disableSearchDomain) return undefined;
  const doc: Doc = { apiVersion: V, kind: 'ResolverConfig' };
  if (node.nameservers?.length) doc.nameservers = node.nameservers.map((address) => ({ address }));
  // talhelper always sets the pointer, so `disableDefault: false` is written too.
  doc.searchDomains = { disableDefault: node.disableSearchDomain === true };
  return doc;
}

/** HostnameConfig: a static hostname (`auto: off`), or the stable default when the node ignores its hostname. */
export function hostnameDocument(node: PlannedNode): Doc {
  return node.ignoreHostname
    ? { apiVersion: V, kind: 'HostnameConfig', auto: 'stable' }
    : { apiVersion: V, kind: 'HostnameConfig', auto: 'off', hostname: node.hostname };
}

/**
 * talhelper's extra documents for one node, in talhelper's order (reference talhelper.md §2.6):
 * ResolverConfig, HostnameConfig, firewall, extension services, volumes, user volumes, network documents; then
 * talgen's SideroLinkConfig.
 * They are merged onto the base config with Talos strategic merge (same kind/name merges in place).
 */
export function nodeDocuments(node: PlannedNode, contract: Contract, onWarning: WarningSink): Doc[] {
  const docs: Doc[] = [];
  const multidocNetwork = has(contract, 'hostnameDocument');
  if (multidocNetwork) {
    const resolver = resolverDocument(node);
    if (resolver) docs.push(resolver);
    docs.push(hostnameDocument(node));
  }
  docs.push(...firewallDocuments(node), ...extensionServiceDocuments(node), ...volumeDocuments(node));
  if (multidocNetwork && node.networkInterfaces?.length) docs.push(...networkDocuments(node.networkInterfaces, node.index, onWarning));
  // talgen's own: talhelper has no sideroLink field.
  if (node.sideroLink) docs.push(sideroLinkDocument({ ...node, sideroLink: node.sideroLink }, contract, onWarning));
  return docs;
}
