import { createHash } from 'node:crypto';
import { isMap, isScalar, isSeq, parseAllDocuments, type Document, type Node, Scalar } from 'yaml';
import { TalgenError } from '../core/errors.js';
import { discoverKeys, type KeySource } from './keys.js';
import { decryptValue, EncError, leafBytes, macBytes, typedValue, type SopsType } from './value.js';

export type SopsFormat = 'yaml' | 'json' | 'dotenv' | 'ini' | 'binary';

export function formatOf(file: string): SopsFormat {
  if (/\.ya?ml$/i.test(file)) return 'yaml';
  if (/\.json$/i.test(file)) return 'json';
  if (/\.env$/i.test(file) || /(^|\/)\.env(\.|$)/.test(file)) return 'dotenv';
  if (/\.ini$/i.test(file)) return 'ini';
  return 'binary';
}

interface Meta {
  age: { recipient: string; enc: string }[];
  pgp: unknown[];
  lastmodified: string;
  mac?: string;
  version?: string;
  unencrypted_suffix?: string;
  encrypted_suffix?: string;
  unencrypted_regex?: string;
  encrypted_regex?: string;
  mac_only_encrypted?: boolean;
  key_groups?: unknown;
}

const MAC_ONLY_PREFIX = createHash('sha256').update('sops').digest();

/** Does this text carry SOPS metadata (a top-level `sops` map, or dotenv `sops_…=` lines)? */
export function hasSopsMetadata(text: string, format: SopsFormat = 'yaml'): boolean {
  if (format === 'dotenv') return /^sops_(mac|lastmodified|version)=/m.test(text);
  if (format === 'ini') return /^\[sops\]\s*$/m.test(text);
  if (format === 'binary') return /^\s*\{[\s\S]*"data"\s*:\s*"ENC\[[\s\S]*"sops"\s*:/.test(text);
  if (format === 'json') return /"sops"\s*:\s*\{/.test(text) && /"mac"\s*:/.test(text);
  return /^sops:\s*$/m.test(text) || /^sops:\s*\{/m.test(text);
}

async function dataKey(meta: Meta, file: string, keys: KeySource): Promise<Buffer> {
  if (meta.key_groups) throw new TalgenError('SOPS key groups (Shamir) are not supported', { file });
  if (!meta.age.length) {
    if (meta.pgp.length) throw new TalgenError('encrypted for PGP recipients only; talgen opens age and ssh recipients', { file, hint: 'add an age recipient: sops updatekeys (with an age key in .sops.yaml)' });
    throw new TalgenError('no age recipients in the sops metadata', { file });
  }
  const recipients = meta.age.map((a) => a.recipient).join(', ');
  const help = `set SOPS_AGE_KEY_FILE=/path/to/keys.txt (or SOPS_AGE_KEY) to a key for one of: ${recipients}`;
  if (!keys.identities.length) {
    throw new TalgenError(`no age key found to decrypt (recipients: ${recipients})\n  tried: ${keys.tried.join('\n  tried: ')}`, { file, hint: help });
  }
  const { Decrypter, armor } = await import('age-encryption');
  for (const stanza of meta.age) {
    const d = new Decrypter();
    for (const id of keys.identities) d.addIdentity(id);
    try {
      const key = Buffer.from(await d.decrypt(armor.decode(stanza.enc), 'uint8array'));
      if (key.length !== 32) throw new TalgenError('the decrypted data key is not 32 bytes', { file });
      return key;
    } catch (e) {
      if (e instanceof TalgenError) throw e;
    }
  }
  throw new TalgenError(`none of the ${keys.identities.length} age key(s) found opens this file (recipients: ${recipients})\n  tried: ${keys.tried.join('\n  tried: ')}`, { file, hint: help });
}

function readMeta(raw: Record<string, unknown>, file: string): Meta {
  const lastmodified = raw.lastmodified;
  if (typeof lastmodified !== 'string') throw new TalgenError('sops metadata has no lastmodified', { file, path: 'sops.lastmodified' });
  const age = Array.isArray(raw.age) ? (raw.age as { recipient: string; enc: string }[]) : [];
  return {
    ...(raw as object),
    age,
    pgp: Array.isArray(raw.pgp) ? raw.pgp : [],
    lastmodified,
    mac: typeof raw.mac === 'string' ? raw.mac : undefined,
  } as Meta;
}

/** Does the rule say this path is encrypted? (sops semantics; no rule = unencrypted_suffix "_unencrypted"). */
function shouldEncrypt(path: string[], meta: Meta): boolean {
  if (meta.encrypted_suffix) return path.some((k) => k.endsWith(meta.encrypted_suffix!));
  if (meta.encrypted_regex) {
    const re = new RegExp(meta.encrypted_regex);
    return path.some((k) => re.test(k));
  }
  if (meta.unencrypted_regex) {
    const re = new RegExp(meta.unencrypted_regex);
    return !path.some((k) => re.test(k));
  }
  const suffix = meta.unencrypted_suffix ?? '_unencrypted';
  return !path.some((k) => k.endsWith(suffix));
}

class MacState {
  private readonly h = createHash('sha512');
  constructor(readonly macOnly: boolean) {
    if (macOnly) this.h.update(MAC_ONLY_PREFIX);
  }
  add(bytes: Buffer): void {
    this.h.update(bytes);
  }
  hex(): string {
    return this.h.digest('hex').toUpperCase();
  }
}

interface WalkCtx {
  key: Buffer;
  meta: Meta;
  mac: MacState;
  file: string;
}

/** Decrypt one leaf in place; feed the MAC. Returns the replacement value. */
function leaf(value: unknown, path: string[], ctx: WalkCtx, comment = false): unknown {
  const display = path.join('.') || '(root)';
  if (typeof value === 'string' && value.startsWith('ENC[')) {
    let plain: Buffer;
    let type: SopsType;
    try {
      ({ plain, type } = decryptValue(value, ctx.key, `${path.join(':')}:`));
    } catch (e) {
      if (e instanceof EncError) throw new TalgenError(`cannot decrypt value: ${e.message}`, { file: ctx.file, path: display });
      throw e;
    }
    const v = typedValue(plain, type);
    if (!comment) ctx.mac.add(type === 'int' || type === 'float' || type === 'bool' ? macBytes(v, type) : plain);
    return v;
  }
  if (value === null || value === undefined || value === '' || comment) return value;
  if (shouldEncrypt(path, ctx.meta) && !ctx.meta.mac_only_encrypted) {
    throw new TalgenError('value is not encrypted although the file\'s sops rule says it must be (tampered or hand-edited file)', {
      file: ctx.file,
      path: display,
      hint: 're-encrypt the file with sops or talgen encrypt',
    });
  }
  if (!ctx.mac.macOnly) ctx.mac.add(leafBytes(value)!.bytes);
  return value;
}

function walkYaml(node: unknown, path: string[], ctx: WalkCtx): void {
  if (isMap(node)) {
    for (const pair of node.items) {
      const k = isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
      if (path.length === 0 && k === 'sops') continue;
      const p = [...path, k];
      if (isScalar(pair.value)) {
        const v = leaf(pair.value.value, p, ctx);
        pair.value = new Scalar(v);
      } else if (pair.value === null) {
        // null: not hashed
      } else walkYaml(pair.value, p, ctx);
    }
  } else if (isSeq(node)) {
    node.items.forEach((item, i) => {
      if (isScalar(item)) node.items[i] = new Scalar(leaf(item.value, path, ctx));
      else walkYaml(item, path, ctx);
    });
  }
}

function verifyMac(meta: Meta, computed: string, ctx: { key: Buffer; file: string }): void {
  if (!meta.mac) throw new TalgenError('file has no sops MAC; refusing to trust it', { file: ctx.file, path: 'sops.mac', hint: 're-encrypt with sops' });
  let stored: string;
  try {
    stored = decryptValue(meta.mac, ctx.key, meta.lastmodified).plain.toString('utf8');
  } catch {
    throw new TalgenError('cannot decrypt the sops MAC (MAC or lastmodified was changed)', { file: ctx.file, path: 'sops.mac' });
  }
  if (stored !== computed) {
    throw new TalgenError('MAC mismatch: values were changed, swapped, added or removed since encryption', { file: ctx.file, path: 'sops.mac', hint: 'the file was tampered with or edited without sops; restore it from git' });
  }
}

async function decryptYamlLike(text: string, file: string, format: 'yaml' | 'json', keys: KeySource): Promise<string> {
  const docs = parseAllDocuments(text, { intAsBigInt: true, uniqueKeys: true }) as Document.Parsed[];
  for (const d of docs) {
    const e = d.errors[0];
    if (e) throw new TalgenError(`not a file sops could have written: ${e.message.split('\n')[0]}`, { file, line: e.linePos?.[0]?.line, col: e.linePos?.[0]?.col });
  }
  let metaNode: unknown;
  for (const d of docs) {
    if (isMap(d.contents) && d.contents.has('sops')) metaNode ??= (d.contents.get('sops', true) as Node).toJSON();
  }
  if (!metaNode || typeof metaNode !== 'object') throw new TalgenError('no sops metadata in the file', { file });
  const meta = readMeta(metaNode as Record<string, unknown>, file);
  const key = await dataKey(meta, file, keys);
  const mac = new MacState(meta.mac_only_encrypted === true);
  const ctx: WalkCtx = { key, meta, mac, file };
  for (const d of docs) {
    if (!isMap(d.contents)) throw new TalgenError('the top level of a sops document must be a mapping', { file });
    walkYaml(d.contents, [], ctx);
    d.contents.delete('sops');
  }
  verifyMac(meta, mac.hex(), { key, file });
  if (format === 'json') return `${JSON.stringify(docs[0]!.toJS({ mapAsMap: false }), (_k, v) => (typeof v === 'bigint' ? Number(v) : v), 4)}\n`;
  return docs.map((d) => d.toString({ lineWidth: 0 })).join('');
}

async function decryptDotenv(text: string, file: string, keys: KeySource): Promise<string> {
  const lines = text.split('\n');
  const meta: Record<string, unknown> = {};
  const body: { k: string; v: string }[] = [];
  const ageEntries: Record<string, { recipient?: string; enc?: string }> = {};
  const pgpEntries: string[] = [];
  for (const line of lines) {
    if (!line.trim() || line.startsWith('#')) continue;
    const eq = line.indexOf('=');
    if (eq < 0) throw new TalgenError('not a dotenv line', { file });
    const k = line.slice(0, eq);
    const v = line.slice(eq + 1);
    const age = /^sops_age__list_(\d+)__map_(recipient|enc)$/.exec(k);
    if (age) (ageEntries[age[1]!] ??= {})[age[2] as 'recipient' | 'enc'] = v.replace(/\\n/g, '\n');
    else if (k.startsWith('sops_pgp__')) pgpEntries.push(k);
    else if (k.startsWith('sops_')) meta[k.slice(5)] = v === 'true' ? true : v;
    else body.push({ k, v });
  }
  meta.age = Object.values(ageEntries);
  meta.pgp = pgpEntries;
  const m = readMeta(meta, file);
  const key = await dataKey(m, file, keys);
  const mac = new MacState(m.mac_only_encrypted === true);
  const ctx: WalkCtx = { key, meta: m, mac, file };
  const out = body.map(({ k, v }) => `${k}=${String(leaf(v, [k], ctx))}`);
  verifyMac(m, mac.hex(), { key, file });
  return `${out.join('\n')}\n`;
}

/** Decrypt a SOPS file's text (age recipients), verifying the MAC. Secret values never appear in errors. */
export async function decryptText(text: string, file: string, opts: { format?: SopsFormat; keys?: KeySource } = {}): Promise<string> {
  const format = opts.format ?? formatOf(file);
  const keys = opts.keys ?? (await discoverKeys());
  if (format === 'dotenv') return decryptDotenv(text, file, keys);
  if (format === 'yaml' || format === 'json') return decryptYamlLike(text, file, format, keys);
  if (format === 'ini') return decryptIni(text, file, keys);
  return decryptBinary(text, file, keys);
}


/** INI: `[section]` + `key = value`; the metadata lives in a `[sops]` section; AAD is `section:key:`. */
async function decryptIni(text: string, file: string, keys: KeySource): Promise<string> {
  const sections: { name: string; entries: { k: string; v: string }[] }[] = [];
  for (const line of text.split('\n')) {
    const t = line.trim();
    if (!t || t.startsWith(';') || t.startsWith('#')) continue;
    const sec = /^\[(.+)\]$/.exec(t);
    if (sec) {
      sections.push({ name: sec[1]!, entries: [] });
      continue;
    }
    const eq = t.indexOf('=');
    if (eq < 0 || !sections.length) throw new TalgenError('not an INI file sops could have written', { file });
    sections[sections.length - 1]!.entries.push({ k: t.slice(0, eq).trim(), v: t.slice(eq + 1).trim() });
  }
  const sopsSec = sections.find((x) => x.name === 'sops');
  if (!sopsSec) throw new TalgenError('no sops metadata in the file', { file });
  const meta: Record<string, unknown> = {};
  const ageEntries: Record<string, { recipient?: string; enc?: string }> = {};
  const pgpEntries: string[] = [];
  for (const { k, v } of sopsSec.entries) {
    const age = /^age__list_(\d+)__map_(recipient|enc)$/.exec(k);
    if (age) (ageEntries[age[1]!] ??= {})[age[2] as 'recipient' | 'enc'] = v.replace(/\\n/g, '\n');
    else if (k.startsWith('pgp__')) pgpEntries.push(k);
    else meta[k] = v === 'true' ? true : v;
  }
  meta.age = Object.values(ageEntries);
  meta.pgp = pgpEntries;
  const m = readMeta(meta, file);
  const key = await dataKey(m, file, keys);
  const ctx: WalkCtx = { key, meta: m, mac: new MacState(m.mac_only_encrypted === true), file };
  const out: string[] = [];
  for (const sec of sections.filter((x) => x.name !== 'sops')) {
    out.push(`[${sec.name}]`);
    for (const { k, v } of sec.entries) out.push(`${k} = ${String(leaf(v, [sec.name, k], ctx))}`);
    out.push('');
  }
  verifyMac(m, ctx.mac.hex(), { key, file });
  return out.join('\n');
}

/** Binary files: sops stores them as JSON `{"data": "ENC[…]", "sops": {…}}`. */
async function decryptBinary(text: string, file: string, keys: KeySource): Promise<string> {
  let obj: Record<string, unknown>;
  try {
    obj = JSON.parse(text) as Record<string, unknown>;
  } catch {
    throw new TalgenError('not a sops binary file (expected its JSON envelope)', { file });
  }
  if (typeof obj.data !== 'string' || !obj.sops || typeof obj.sops !== 'object') throw new TalgenError('no sops metadata in the file', { file });
  const m = readMeta(obj.sops as Record<string, unknown>, file);
  const key = await dataKey(m, file, keys);
  const ctx: WalkCtx = { key, meta: m, mac: new MacState(m.mac_only_encrypted === true), file };
  const plain = String(leaf(obj.data, ['data'], ctx));
  verifyMac(m, ctx.mac.hex(), { key, file });
  return plain;
}
