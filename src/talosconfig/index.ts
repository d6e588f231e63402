import { X509Certificate } from 'node:crypto';
import { parse } from 'yaml';
import { encodeYaml } from '../emit/goyaml.js';
import { certificateSkid } from '../pki/certificate.js';
import { parsePrivateKey } from '../pki/keys.js';
import { newClientCertificate, type CA } from '../pki/talos-pki.js';
import type { CertAndKey } from '../secrets/bundle.js';

export const DEFAULT_ROLES = ['os:admin'];
export const DEFAULT_TTL_HOURS = 8760;
const REUSE_MARGIN_MS = 30 * 24 * 3600_000;

const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64');
const unb64 = (s: string) => Buffer.from(s, 'base64').toString('utf8');
/** A CA value as PEM text: the bundle stores std-base64 of the PEM; PEM text itself is accepted too. */
const pemOf = (s: string) => (s.trimStart().startsWith('-----BEGIN ') ? s : unb64(s));
/** The same value as the talosconfig stores it (std-base64 of the PEM). */
const b64Of = (s: string) => (s.trimStart().startsWith('-----BEGIN ') ? b64(s) : s);

/**
 * Every Organization value of the subject, also from multi-valued RDNs: Node prints one RDN per line and the values of
 * a multi-valued one as `O=a + O=b`, quoting a value with special characters as a JSON string. (Not
 * `toLegacyObject()`: on Node 20, calling it before `node:tls` is loaded leaves `tls.createSecureContext` undefined.)
 */
function organizationsOf(x: X509Certificate): string[] {
  return x.subject
    .split('\n')
    .flatMap((rdn) => rdn.split(' + '))
    .filter((attr) => attr.startsWith('O='))
    .map((attr) => (attr.startsWith('O="') ? (JSON.parse(attr.slice(2)) as string) : attr.slice(2)));
}

/** The OS CA as a signing CA, from the bundle's `certs.os` (base64 PEMs) or from PEM text. */
export function osCAFromBundle(os: CertAndKey): CA {
  const certPem = pemOf(os.crt);
  const x = new X509Certificate(certPem);
  return {
    key: parsePrivateKey(pemOf(os.key)),
    cert: { pem: certPem, der: Buffer.from(x.raw), skid: certificateSkid(certPem) },
    organizations: organizationsOf(x),
  };
}

export interface TalosconfigOptions {
  contextName: string;
  endpoints: string[];
  nodes?: string[];
  /** The OS CA: the bundle's `certs.os` (std-base64 PEMs) or PEM text. */
  osCA: CertAndKey;
  roles?: string[];
  ttlHours?: number;
  now?: Date;
  /** Existing client certificate/key (base64 PEMs) to keep instead of issuing a new one. */
  client?: { crt: string; key: string };
}

/**
 * A talosconfig in talosctl's layout and go-yaml order: context, contexts.<name>.{endpoints (always), nodes
 * (omitempty), ca, crt, key}. The admin certificate is issued from the OS CA (Ed25519, O = roles, clientAuth).
 */
export function buildTalosconfig(o: TalosconfigOptions): string {
  let client = o.client;
  if (!client) {
    const issued = newClientCertificate(osCAFromBundle(o.osCA), {
      roles: o.roles ?? DEFAULT_ROLES,
      ttlHours: o.ttlHours ?? DEFAULT_TTL_HOURS,
      now: o.now ?? new Date(),
    });
    client = { crt: b64(issued.cert.pem), key: b64(issued.key.pem) };
  }
  const ctx: Record<string, unknown> = { endpoints: [...o.endpoints] };
  if (o.nodes?.length) ctx.nodes = [...o.nodes];
  ctx.ca = b64Of(o.osCA.crt);
  ctx.crt = client.crt;
  ctx.key = client.key;
  return encodeYaml({ context: o.contextName, contexts: new Map([[o.contextName, ctx]]) }, { indent: 4 });
}

export interface ParsedTalosconfig {
  context: string;
  contexts: Record<string, { endpoints?: string[]; nodes?: string[]; ca?: string; crt?: string; key?: string }>;
}

export function parseTalosconfig(text: string): ParsedTalosconfig | undefined {
  try {
    const v = parse(text) as ParsedTalosconfig;
    return v && typeof v === 'object' && typeof v.contexts === 'object' ? v : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The existing talosconfig's client certificate, when it can be kept: signed by this OS CA, carrying exactly the
 * requested roles, its key matching, and more than 30 days of validity left. Otherwise undefined (issue a new one).
 */
export function reusableClientCert(
  existingText: string,
  osCA: CertAndKey,
  roles: string[],
  now: Date = new Date(),
  contextName?: string,
): { crt: string; key: string } | undefined {
  const cfg = parseTalosconfig(existingText);
  const ctx = cfg?.contexts?.[contextName ?? cfg.context];
  if (!ctx?.crt || !ctx.key) return undefined;
  const client = { crt: ctx.crt, key: ctx.key };
  return clientCertUsable(client, osCA, roles, now) ? client : undefined;
}

function clientCertUsable(client: { crt: string; key: string }, osCA: CertAndKey, roles: string[], now: Date): boolean {
  try {
    const cert = new X509Certificate(unb64(client.crt));
    const ca = new X509Certificate(pemOf(osCA.crt));
    if (!cert.checkIssued(ca) || !cert.verify(ca.publicKey)) return false;
    if (new Date(cert.validTo).getTime() - now.getTime() <= REUSE_MARGIN_MS) return false;
    if (new Date(cert.validFrom).getTime() > now.getTime()) return false;
    const orgs = organizationsOf(cert).sort();
    const wanted = [...new Set(roles)].sort();
    if (orgs.length !== wanted.length || orgs.some((r, i) => r !== wanted[i])) return false;
    return cert.checkPrivateKey(parsePrivateKey(unb64(client.key)).privateKey);
  } catch {
    return false;
  }
}

/** The client certificate and key lines of a talosconfig as `buildTalosconfig` writes it (4-space indent). */
const WRITTEN_CLIENT = { crt: /^ {8}crt: (\S+)$/m, key: /^ {8}key: (\S+)$/m };

/**
 * The talosconfig `buildTalosconfig(o)` writes over `existing` (the file there now, if any), keeping its client
 * certificate when `reusableClientCert` allows it (same roles, `o.contextName` or the file's current context).
 * The usual re-run finds exactly the file it wrote last time: when the client lines read off the text and
 * encoded again give back the same bytes, they are the file's values and it is not parsed; any other file is.
 */
export function rebuildTalosconfig(o: TalosconfigOptions, existing: string | undefined, now: Date = new Date()): { text: string; kept: boolean } {
  if (existing === undefined) return { text: buildTalosconfig(o), kept: false };
  const crt = WRITTEN_CLIENT.crt.exec(existing)?.[1];
  const key = WRITTEN_CLIENT.key.exec(existing)?.[1];
  if (crt !== undefined && key !== undefined) {
    const client = { crt, key };
    const text = buildTalosconfig({ ...o, client });
    if (text === existing) {
      if (clientCertUsable(client, o.osCA, o.roles ?? DEFAULT_ROLES, now)) return { text, kept: true };
      return { text: buildTalosconfig(o), kept: false };
    }
  }
  const client = reusableClientCert(existing, o.osCA, o.roles ?? DEFAULT_ROLES, now);
  return { text: buildTalosconfig({ ...o, client }), kept: client !== undefined };
}
