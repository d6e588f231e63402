import { contractName, type Contract } from '../core/contract.js';
import { TalgenError } from '../core/errors.js';
import type { Locator, WarningSink } from '../core/issue.js';
import type { Schematic } from '../factory/index.js';
import { docSchemaFor, contractBound } from '../model/registry.js';
import { queryEscape } from '../template/builtins.js';
import type { PlannedNode, SideroLinkSpec } from './types.js';

/** The kernel argument Talos reads the SideroLink API URL from before it has a config (constants.KernelParamSideroLink). */
export const SIDEROLINK_KERNEL_ARG = 'siderolink.api';

/** URL schemes Talos accepts for the SideroLink API (SideroLinkConfig validation), and whether the link uses TLS. */
const SCHEMES: readonly { scheme: string; tls: boolean }[] = [
  { scheme: 'https:', tls: true },
  { scheme: 'grpc:', tls: false },
];

/** Query parameters Talos reads from the URL, each set by one talconfig field (siderolink ConfigController). */
const QUERY_FIELDS: readonly { param: string; field: keyof SideroLinkSpec; value: (s: SideroLinkSpec) => string | undefined }[] = [
  { param: 'jointoken', field: 'joinToken', value: (s) => s.joinToken || undefined },
  { param: 'grpc_tunnel', field: 'grpcTunnel', value: (s) => (s.grpcTunnel ? 'true' : undefined) },
];

/**
 * The SideroLink API URL of a talconfig `sideroLink` field: `apiUrl` as written with the join token and the gRPC
 * tunnel hint added as query parameters. Errors for what Talos refuses (scheme, a path, no host) and for a
 * parameter given twice; warnings for a link without TLS (`grpc://`) and one without a join token.
 */
export function sideroLinkApiUrl(spec: SideroLinkSpec, at: Locator, onWarning: WarningSink): string {
  const field = (f: string) => ({ ...at, path: `${at.path ?? 'sideroLink'}.${f}` });
  let url: URL;
  try {
    url = new URL(spec.apiUrl);
  } catch {
    throw new TalgenError(`"${spec.apiUrl}" is not a URL`, { ...field('apiUrl'), hint: 'use https://<host>[:port] (Omni shows it as the SideroLink API URL)' });
  }
  const scheme = SCHEMES.find((s) => s.scheme === url.protocol);
  if (!scheme)
    throw new TalgenError(`SideroLink apiUrl scheme must be https:// or grpc://, not ${url.protocol}//`, {
      ...field('apiUrl'),
      hint: 'use https:// (grpc:// connects without TLS)',
    });
  if (!url.hostname) throw new TalgenError('SideroLink apiUrl has no host', { ...field('apiUrl'), hint: 'use https://<host>[:port]' });
  if (url.pathname !== '' && url.pathname !== '/')
    throw new TalgenError(`SideroLink apiUrl path must be empty, not "${url.pathname}"`, {
      ...field('apiUrl'),
      hint: 'the join token goes into ?jointoken= or joinToken, not the path',
    });
  if (!scheme.tls)
    onWarning(
      `${field('apiUrl').path}: ${url.protocol}// connects to the SideroLink API without TLS; the join token travels in clear text (use https:// unless the link itself is trusted)`,
    );
  let text = spec.apiUrl;
  for (const q of QUERY_FIELDS) {
    const value = q.value(spec);
    if (value === undefined) continue;
    if (url.searchParams.has(q.param))
      throw new TalgenError(`${q.field} is set and apiUrl already has ?${q.param}=`, {
        ...field(q.field),
        hint: `give it once: either the ${q.field} field or the ${q.param} query parameter`,
      });
    text += `${text.includes('?') ? '&' : '?'}${q.param}=${queryEscape(value)}`;
  }
  if (!spec.joinToken && !url.searchParams.has('jointoken'))
    onWarning(`${at.path ?? 'sideroLink'}: no join token (joinToken or ?jointoken=); the SideroLink server must accept machines without one`);
  return text;
}

/** The kernel argument that points a booting machine at the SideroLink API. */
export function sideroLinkKernelArg(apiUrl: string): string {
  return `${SIDEROLINK_KERNEL_ARG}=${apiUrl}`;
}

/** Where a node's `sideroLink` field is (its own, or its group's). */
const sideroLinkAt = (node: PlannedNode): Locator => node.from.sideroLink?.at ?? { path: `nodes[${node.index}].sideroLink` };

/**
 * The SideroLinkConfig document of a node with `sideroLink`, for contracts that have the kind (a located error
 * for older ones: their machines read the URL only from the kernel argument).
 */
export function sideroLinkDocument(node: PlannedNode & { sideroLink: SideroLinkSpec }, contract: Contract, onWarning: WarningSink): Record<string, unknown> {
  const at = sideroLinkAt(node);
  const schema = docSchemaFor({ apiVersion: 'v1alpha1', kind: 'SideroLinkConfig' })!;
  const missing = contractBound(schema.root, contract);
  if (missing) {
    throw new TalgenError(`SideroLinkConfig documents exist from Talos ${missing.since ?? '?'}; this cluster's talosVersion is ${contractName(contract)}`, {
      ...at,
      hint: `upgrade talosVersion, or boot the machine with the ${SIDEROLINK_KERNEL_ARG}=<url> kernel argument (schematic.customization.extraKernelArgs) instead`,
    });
  }
  return { apiVersion: 'v1alpha1', kind: 'SideroLinkConfig', apiUrl: sideroLinkApiUrl(node.sideroLink, at, onWarning) };
}

/**
 * A boot-image schematic that points the machine at the SideroLink API from its first boot (before it has a
 * config), unless the schematic already passes a `siderolink.api=` argument (kept, with a warning).
 */
export function withSideroLinkKernelArg(schematic: Schematic, node: PlannedNode, onWarning: WarningSink): Schematic {
  if (!node.sideroLink) return schematic;
  const at = sideroLinkAt(node);
  const args = schematic.customization?.extraKernelArgs ?? [];
  if (args.some((a) => a.startsWith(`${SIDEROLINK_KERNEL_ARG}=`))) {
    onWarning(
      `${at.path ?? 'sideroLink'}: the schematic already has a ${SIDEROLINK_KERNEL_ARG}= kernel argument; it is kept and sideroLink is not added to the boot image`,
    );
    return schematic;
  }
  const arg = sideroLinkKernelArg(sideroLinkApiUrl(node.sideroLink, at, onWarning));
  return { ...schematic, customization: { ...schematic.customization, extraKernelArgs: [...args, arg] } };
}
