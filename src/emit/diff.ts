import { createHmac, randomBytes } from 'node:crypto';
import { createTwoFilesPatch } from 'diff';
import { isMap, isScalar, isSeq, parseAllDocuments, type Node } from 'yaml';
import { isSecretField, UNKINDED } from '../model/secret-fields.js';

/** Per-process key: fingerprints match within one diff but cannot be brute-forced into weak secrets. */
const FINGERPRINT_KEY = randomBytes(32);

/**
 * A value decrypted from SOPS is redacted wherever it appears whole; inside a longer value (`TS_AUTHKEY=…` in an
 * environment list, a manifest) only from this length on, so that short clear values such as `true` stay visible.
 */
const MIN_EMBEDDED_SECRET = 6;

function fingerprint(text: string): string {
  return createHmac('sha256', FINGERPRINT_KEY).update(text).digest('hex').slice(0, 12);
}

export interface RedactOptions {
  /** Values decrypted from SOPS files while loading the repo. */
  secretValues?: ReadonlySet<string>;
}

function holdsSecret(value: string, secretValues: ReadonlySet<string>): boolean {
  if (secretValues.has(value)) return true;
  for (const s of secretValues) if (s.length >= MIN_EMBEDDED_SECRET && value.includes(s)) return true;
  return false;
}

/** Source ranges of the scalars to redact in one parsed document, with the value each one holds. */
function secretScalars(node: Node | null, document: string, path: string[], o: Required<RedactOptions>, out: { from: number; to: number; value: string }[]): void {
  if (isMap(node)) {
    for (const p of node.items) {
      const key = isScalar(p.key) ? String(p.key.value) : String(p.key);
      secretScalars(p.value as Node | null, document, [...path, key], o, out);
    }
  } else if (isSeq(node)) {
    node.items.forEach((item, i) => secretScalars(item as Node | null, document, [...path, String(i)], o, out));
  } else if (isScalar(node) && node.range) {
    const value = String(node.value ?? '');
    if (value !== '' && (isSecretField(document, path) || holdsSecret(value, o.secretValues))) out.push({ from: node.range[0], to: node.range[1], value });
  }
}

/**
 * Replace every secret value with `<redacted …>` so a diff still shows *that* a secret changed, never the secret.
 * Secrets are found on the parsed documents — the fields the model marks secret and every value decrypted from
 * SOPS — so any layout of the text (flow mappings, quoted keys, values on the next line, block scalars) is covered.
 * Text that does not parse as YAML is redacted whole.
 */
export function redactSecrets(yamlText: string, opts: RedactOptions = {}): string {
  const o = { secretValues: opts.secretValues ?? new Set<string>() };
  const docs = parseAllDocuments(yamlText, { schema: 'failsafe', uniqueKeys: false });
  const list = Array.isArray(docs) ? docs : [];
  if (list.some((d) => d.errors.length)) return `<redacted: not YAML ${fingerprint(yamlText)}>\n`;
  const cuts: { from: number; to: number; value: string }[] = [];
  for (const d of list) {
    const kind = isMap(d.contents) ? d.contents.get('kind') : undefined;
    secretScalars(d.contents as Node | null, typeof kind === 'string' ? kind : UNKINDED, [], o, cuts);
  }
  let out = yamlText;
  for (const c of cuts.sort((a, b) => b.from - a.from)) {
    const text = out.slice(c.from, c.to);
    const trailing = /\s*$/.exec(text)![0];
    out = `${out.slice(0, c.from)}<redacted ${fingerprint(c.value)}>${trailing}${out.slice(c.to)}`;
  }
  return out;
}

/** Unified diff like talhelper's dry run (`a<path>` / `b<path>` headers); empty string when equal. */
export function unifiedDiff(path: string, before: string, after: string, opts: RedactOptions & { showSecrets?: boolean } = {}): string {
  const a = opts.showSecrets ? before : redactSecrets(before, opts);
  const b = opts.showSecrets ? after : redactSecrets(after, opts);
  if (a === b) return '';
  return createTwoFilesPatch(`a${path}`, `b${path}`, a, b, undefined, undefined, { context: 3 })
    .split('\n')
    .slice(1) // drop the "====" separator line jsdiff adds
    .join('\n');
}
