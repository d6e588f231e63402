import { isMap } from 'yaml';
import { TalgenError } from '../core/errors.js';
import { Walker, verifyMac, type SecretSink, type SopsFormat } from './core.js';
import type { GoScalar } from './goyaml.js';
import { emitJson, fromJNode, parseJson, walkJson } from './json.js';
import { discoverKeys, type KeySource } from './keys.js';
import { readMeta, unflatten, unwrapDataKey, type Meta } from './meta.js';
import { jsValue } from './value.js';
import { docsToString, parseYaml, walkDocs } from './yaml.js';

export type { SecretSink, SopsFormat } from './core.js';

/** Format from the file name, like sops: .yaml/.yml, .json, .env (and `.env.*`), .ini, anything else binary. */
export function formatOf(file: string): SopsFormat {
  if (/\.ya?ml$/i.test(file)) return 'yaml';
  if (/\.json$/i.test(file)) return 'json';
  if (/\.env$/i.test(file) || /(^|[\\/])\.env(\.[^\\/]*)?$/.test(file)) return 'dotenv';
  if (/\.ini$/i.test(file)) return 'ini';
  return 'binary';
}

/** Does this text carry SOPS metadata (a top-level `sops` map, dotenv `sops_…=` lines, an INI `[sops]` section)? */
export function hasSopsMetadata(text: string, format: SopsFormat = 'yaml'): boolean {
  if (format === 'dotenv') return /^sops_(mac|lastmodified|version)=/m.test(text);
  if (format === 'ini') return /^\s*\[sops\]\s*$/m.test(text);
  if (format === 'json' || format === 'binary') return /"sops"\s*:\s*\{/.test(text) && /"(mac|lastmodified)"\s*:/.test(text);
  return /^(sops|"sops"|'sops')[ \t]*:/m.test(text) || (/^\s*\{/.test(text) && /"sops"\s*:\s*\{/.test(text));
}

/** Does this text hold sops-encrypted values (with or without metadata)? */
export function hasEncValues(text: string): boolean {
  return /ENC\[AES256_GCM,data:/.test(text);
}

/** What decrypting needs: the keys, and who hears of every value that was encrypted (to redact it in output). */
interface Decryption {
  keys: KeySource;
  onSecret?: SecretSink;
}

interface Opened {
  meta: Meta;
  walker: Walker;
}

async function open(metaRaw: unknown, file: string, d: Decryption): Promise<Opened> {
  const meta = readMeta(metaRaw, file);
  const key = await unwrapDataKey(meta, file, d.keys);
  return { meta, walker: new Walker(key, meta, file, d.onSecret) };
}

function finish(o: Opened): void {
  verifyMac(o.meta.mac, o.meta.lastmodified, o.walker.mac(), o.walker.key, o.walker.file);
}

async function decryptYaml(text: string, file: string, d: Decryption): Promise<string> {
  const docs = parseYaml(text, file);
  const first = docs[0]?.contents;
  if (!isMap(first) || !first.has('sops')) {
    const later = docs.slice(1).some((d) => isMap(d.contents) && d.contents.has('sops'));
    throw new TalgenError(later ? 'the first YAML document has no sops metadata (sops reads it from there)' : 'no sops metadata in the file', {
      file,
      path: 'sops',
    });
  }
  const o = await open(first.get('sops', true)?.toJSON(), file, d);
  walkDocs(docs, o.walker, 'open');
  finish(o);
  for (const d of docs) if (isMap(d.contents)) d.contents.delete('sops');
  return docsToString(docs);
}

async function decryptJson(text: string, file: string, d: Decryption): Promise<string> {
  const root = parseJson(text, file);
  if (root.t !== 'obj') throw new TalgenError('no sops metadata in the file', { file });
  const metaItem = root.items.find(([k]) => k === 'sops');
  if (!metaItem) throw new TalgenError('no sops metadata in the file', { file, path: 'sops' });
  const o = await open(fromJNode(metaItem[1]), file, d);
  walkJson(root, [], (p, v) => o.walker.open(p, v));
  finish(o);
  root.items = root.items.filter(([k]) => k !== 'sops');
  return `${emitJson(root)}\n`;
}

/** dotenv per sops: `#` lines are comments (path []), `KEY=value` with `\n` escapes, metadata flattened as `sops_…`. */
function parseDotenv(text: string, file: string): { items: ({ comment: string } | { k: string; v: string })[]; meta: Record<string, string> } {
  const items: ({ comment: string } | { k: string; v: string })[] = [];
  const meta: Record<string, string> = {};
  text.split('\n').forEach((line, n) => {
    if (!line) return;
    if (line.startsWith('#')) {
      items.push({ comment: line.slice(1) });
      return;
    }
    const eq = line.indexOf('=');
    if (eq < 0) throw new TalgenError('invalid dotenv line (expected KEY=value)', { file, line: n + 1 });
    const k = line.slice(0, eq);
    const v = line.slice(eq + 1).replace(/\\n/g, '\n');
    if (k.startsWith('sops_')) meta[k.slice(5)] = v;
    else items.push({ k, v });
  });
  return { items, meta };
}

function dotenvValue(v: GoScalar): string {
  if (v.type === 'null') return '';
  const s = v.type === 'bool' ? String(v.value) : String(jsValue(v));
  return s.replace(/\n/g, '\\n');
}

async function decryptDotenv(text: string, file: string, d: Decryption): Promise<string> {
  const { items, meta } = parseDotenv(text, file);
  if (!Object.keys(meta).length) throw new TalgenError('no sops metadata in the file', { file, path: 'sops' });
  const o = await open(unflatten(meta), file, d);
  const out = items.map((it) =>
    'comment' in it ? `#${o.walker.openComment([], it.comment)}` : `${it.k}=${dotenvValue(o.walker.open([it.k], { type: 'str', value: it.v }))}`,
  );
  finish(o);
  return out.map((l) => `${l}\n`).join('');
}

/** INI (go-ini as sops uses it): keys before any section belong to DEFAULT; paths are `section:key:`. */
export function parseIni(text: string, file: string): { name: string; entries: { k: string; v: string }[] }[] {
  const sections: { name: string; entries: { k: string; v: string }[] }[] = [{ name: 'DEFAULT', entries: [] }];
  text.split('\n').forEach((line, n) => {
    const t = line.trim();
    if (!t || t.startsWith(';') || t.startsWith('#')) return;
    const sec = /^\[(.+)\]$/.exec(t);
    if (sec) {
      sections.push({ name: sec[1]!.trim(), entries: [] });
      return;
    }
    const eq = t.search(/[=:]/);
    if (eq < 0) throw new TalgenError('invalid INI line (expected key = value)', { file, line: n + 1 });
    let v = t.slice(eq + 1).trim();
    if (/^"[^"]*"$/.test(v) || /^'[^']*'$/.test(v)) v = v.slice(1, -1);
    sections[sections.length - 1]!.entries.push({ k: t.slice(0, eq).trim(), v });
  });
  return sections;
}

async function decryptIni(text: string, file: string, d: Decryption): Promise<string> {
  const sections = parseIni(text, file);
  const sopsSec = sections.find((s) => s.name === 'sops');
  if (!sopsSec) throw new TalgenError('no sops metadata in the file', { file, path: 'sops' });
  const o = await open(unflatten(Object.fromEntries(sopsSec.entries.map((e) => [e.k, e.v.replace(/\\n/g, '\n')]))), file, d);
  const out: string[] = [];
  for (const sec of sections) {
    if (sec.name === 'sops' || (sec.name === 'DEFAULT' && !sec.entries.length)) continue;
    if (out.length) out.push('');
    out.push(`[${sec.name}]`);
    for (const { k, v } of sec.entries) out.push(`${k} = ${dotenvValue(o.walker.open([sec.name, k], { type: 'str', value: v }))}`);
  }
  finish(o);
  return `${out.join('\n')}\n`;
}

/** Binary: sops stores the whole file as `{"data": "ENC[…]", "sops": {…}}` (AAD `data:`). */
async function decryptBinary(text: string, file: string, d: Decryption): Promise<string> {
  const root = parseJson(text, file);
  const data = root.t === 'obj' ? root.items.find(([k]) => k === 'data')?.[1] : undefined;
  const meta = root.t === 'obj' ? root.items.find(([k]) => k === 'sops')?.[1] : undefined;
  if (!meta) throw new TalgenError('no sops metadata in the file', { file, path: 'sops' });
  if (!data || data.t !== 'leaf' || data.v.type !== 'str') throw new TalgenError('a sops binary file needs a "data" string', { file, path: 'data' });
  const o = await open(fromJNode(meta), file, d);
  const plain = o.walker.open(['data'], data.v);
  finish(o);
  return plain.type === 'null' ? '' : String(jsValue(plain));
}

/**
 * Decrypt a SOPS file's text (age and ssh recipients) in its own format, verifying the MAC (fail closed).
 * Errors are TalgenErrors naming the file and key path; secret values never appear in them.
 */
export async function decryptText(text: string, file: string, opts: { format?: SopsFormat; keys?: KeySource; onSecret?: SecretSink } = {}): Promise<string> {
  const format = opts.format ?? formatOf(file);
  const d: Decryption = { keys: opts.keys ?? (await discoverKeys()), onSecret: opts.onSecret };
  switch (format) {
    case 'yaml':
      return decryptYaml(text, file, d);
    case 'json':
      return decryptJson(text, file, d);
    case 'dotenv':
      return decryptDotenv(text, file, d);
    case 'ini':
      return decryptIni(text, file, d);
    default:
      return decryptBinary(text, file, d);
  }
}
