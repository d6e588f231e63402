import { createHash, createHmac, randomBytes, X509Certificate } from 'node:crypto';
import { isMap, isScalar, isSeq, parseAllDocuments, type Node } from 'yaml';
import { isSecretField, UNKINDED } from '../model/secret-fields.js';
import { parsePrivateKey } from '../pki/keys.js';

/**
 * Redaction by meaning, on the parsed documents: every field the model marks secret and every value decrypted from a
 * SOPS file is replaced by a placeholder; certificates and private keys can be shown as SHA-256 fingerprints. One walk
 * serves the diffs (a per-run key, PEM as fingerprints) and the committed redacted render (a key derived from the
 * cluster identity).
 */

/**
 * A value decrypted from SOPS is redacted wherever it appears whole; inside a longer value (`TS_AUTHKEY=…` in an
 * environment list, a manifest) only from this length on, so that short clear values such as `true` stay visible.
 */
const MIN_EMBEDDED_SECRET = 6;

/** Hex digits of the keyed hash a placeholder shows (48 bits: distinct for any realistic number of secrets). */
const PLACEHOLDER_HEX = 12;

/** A secret value's fingerprint: a keyed hash, equal for equal values under the same key; placeholders show it. */
export type Fingerprint = (value: string) => string;

export function keyedFingerprint(key: Uint8Array): Fingerprint {
  return (value) => createHmac('sha256', key).update(value).digest('hex').slice(0, PLACEHOLDER_HEX);
}

/** A key of this process only: fingerprints match within one run and say nothing about the value afterwards. */
export const runFingerprint: Fingerprint = keyedFingerprint(randomBytes(32));

export interface RedactOptions {
  /** Values decrypted from SOPS files while loading the repo. */
  secretValues?: ReadonlySet<string>;
  /** How placeholders are keyed; default `runFingerprint`. */
  fingerprint?: Fingerprint;
  /** Leave secrets as they are (`--show-secrets`); PEM is still fingerprinted when asked. */
  showSecrets?: boolean;
  /**
   * Show every certificate and private key (PEM, or base64 of a PEM as Talos stores them) as its SHA-256 fingerprint:
   * `<certificate sha256:… expires …>`, `<private key, public key sha256:…>`.
   */
  fingerprintPem?: boolean;
}

function holdsSecret(value: string, secretValues: ReadonlySet<string>): boolean {
  if (secretValues.has(value)) return true;
  for (const s of secretValues) if (s.length >= MIN_EMBEDDED_SECRET && value.includes(s)) return true;
  return false;
}

const PEM_BLOCK = /-----BEGIN ([A-Z0-9 ]+)-----[\s\S]*?-----END \1-----/g;

/** The PEM text of a value: itself, or what it decodes to when it is base64 of a PEM (as Talos stores certificates). */
function pemText(value: string): string | undefined {
  const v = value.trim();
  if (v.startsWith('-----BEGIN ')) return v;
  if (v.length < 64 || !/^[A-Za-z0-9+/=\s]+$/.test(v)) return undefined;
  const decoded = Buffer.from(v, 'base64').toString('utf8');
  return decoded.trimStart().startsWith('-----BEGIN ') ? decoded : undefined;
}

/**
 * `<certificate sha256:… expires YYYY-MM-DD>` for each certificate of a value made only of PEM certificates (a CA
 * bundle gives one per certificate); undefined for anything else.
 */
function certificateFingerprints(value: string): string | undefined {
  const pem = pemText(value);
  const blocks = pem?.match(PEM_BLOCK);
  if (!blocks?.length || blocks.some((b) => !b.startsWith('-----BEGIN CERTIFICATE-----'))) return undefined;
  try {
    return blocks
      .map((b) => {
        const x = new X509Certificate(b);
        const sha = x.fingerprint256.replaceAll(':', '').toLowerCase();
        return `<certificate sha256:${sha} expires ${new Date(x.validTo).toISOString().slice(0, 10)}>`;
      })
      .join(' ');
  } catch {
    return undefined;
  }
}

/** `<private key, public key sha256:…>` for a PEM private key: which key it is, nothing of it. */
function privateKeyFingerprint(value: string): string | undefined {
  const pem = pemText(value);
  if (!pem || !/^-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----/.test(pem.trimStart())) return undefined;
  try {
    const spki = parsePrivateKey(pem).publicKey.export({ type: 'spki', format: 'der' });
    return `<private key, public key sha256:${createHash('sha256').update(spki).digest('hex')}>`;
  } catch {
    return undefined;
  }
}

interface Cut {
  from: number;
  to: number;
  text: string;
}

/** A placeholder this module wrote (a committed redacted render holds them): shown as it is. */
const PLACEHOLDER = new RegExp(`^<redacted [0-9a-f]{${PLACEHOLDER_HEX}}>$`);

/** What one scalar is shown as, or undefined to keep it. */
function replacement(value: string, secret: boolean, o: RedactOptions): string | undefined {
  if (value === '' || PLACEHOLDER.test(value)) return undefined;
  const pem = o.fingerprintPem ? (certificateFingerprints(value) ?? privateKeyFingerprint(value)) : undefined;
  if (pem !== undefined) return pem;
  return secret && !o.showSecrets ? `<redacted ${(o.fingerprint ?? runFingerprint)(value)}>` : undefined;
}

/** Source ranges of the scalars to replace in one parsed document, with their replacement text. */
function scalarCuts(node: Node | null, document: string, path: string[], o: RedactOptions, out: Cut[]): void {
  if (isMap(node)) {
    for (const p of node.items) {
      const key = isScalar(p.key) ? String(p.key.value) : String(p.key);
      scalarCuts(p.value as Node | null, document, [...path, key], o, out);
    }
  } else if (isSeq(node)) {
    node.items.forEach((item, i) => {
      scalarCuts(item as Node | null, document, [...path, String(i)], o, out);
    });
  } else if (isScalar(node) && node.range) {
    const value = String(node.value ?? '');
    const secret = isSecretField(document, path) || holdsSecret(value, o.secretValues ?? new Set());
    const text = replacement(value, secret, o);
    if (text !== undefined) out.push({ from: node.range[0], to: node.range[1], text });
  }
}

/**
 * Replace every secret value with a placeholder so a diff still shows *that* a secret changed, never the secret.
 * Secrets are found on the parsed documents — the fields the model marks secret and every value decrypted from
 * SOPS — so any layout of the text (flow mappings, quoted keys, values on the next line, block scalars) is covered.
 * Text that does not parse as YAML is redacted whole (unless secrets are shown).
 */
export function redactSecrets(yamlText: string, o: RedactOptions = {}): string {
  const docs = parseAllDocuments(yamlText, { schema: 'failsafe', uniqueKeys: false });
  const list = Array.isArray(docs) ? docs : [];
  if (list.some((d) => d.errors.length)) return o.showSecrets ? yamlText : `<redacted: not YAML ${(o.fingerprint ?? runFingerprint)(yamlText)}>\n`;
  const cuts: Cut[] = [];
  for (const d of list) {
    const kind = isMap(d.contents) ? d.contents.get('kind') : undefined;
    scalarCuts(d.contents as Node | null, typeof kind === 'string' ? kind : UNKINDED, [], o, cuts);
  }
  let out = yamlText;
  for (const c of cuts.sort((a, b) => b.from - a.from)) {
    const trailing = /\s*$/.exec(out.slice(c.from, c.to))![0];
    out = `${out.slice(0, c.from)}${c.text}${trailing}${out.slice(c.to)}`;
  }
  return out;
}
