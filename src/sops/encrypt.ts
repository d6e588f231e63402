import { createHash, randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { isMap, isScalar, isSeq, parseAllDocuments, parse, Scalar, type Document } from 'yaml';
import { TalgenError } from '../core/errors.js';
import { encodeYaml } from '../emit/goyaml.js';
import { formatOf, hasSopsMetadata, type SopsFormat } from './decrypt.js';
import { encryptValue, leafBytes } from './value.js';

/** A `.sops.yaml` creation rule (the parts talgen honours). */
export interface CreationRule {
  path_regex?: string;
  age?: string | string[];
  encrypted_regex?: string;
  unencrypted_regex?: string;
  encrypted_suffix?: string;
  unencrypted_suffix?: string;
  mac_only_encrypted?: boolean;
}

/** The first matching creation rule of the nearest `.sops.yaml` above `file`, like sops. */
export function findCreationRule(file: string): CreationRule | undefined {
  let dir = dirname(resolve(file));
  for (;;) {
    const cfg = join(dir, '.sops.yaml');
    if (existsSync(cfg)) {
      const parsed = parse(readFileSync(cfg, 'utf8')) as { creation_rules?: CreationRule[] } | null;
      const rel = relative(dir, resolve(file));
      return parsed?.creation_rules?.find((r) => !r.path_regex || new RegExp(r.path_regex).test(rel) || new RegExp(r.path_regex).test(resolve(file)));
    }
    const up = dirname(dir);
    if (up === dir) return undefined;
    dir = up;
  }
}

function recipientsOf(rule: CreationRule | undefined, explicit?: string[]): string[] {
  const list = explicit?.length ? explicit : typeof rule?.age === 'string' ? rule.age.split(',') : rule?.age ?? [];
  return list.map((r) => r.trim()).filter(Boolean);
}

function encryptedByRule(path: string[], rule: CreationRule | undefined): boolean {
  if (rule?.encrypted_suffix) return path.some((k) => k.endsWith(rule.encrypted_suffix!));
  if (rule?.encrypted_regex) {
    const re = new RegExp(rule.encrypted_regex);
    return path.some((k) => re.test(k));
  }
  if (rule?.unencrypted_regex) {
    const re = new RegExp(rule.unencrypted_regex);
    return !path.some((k) => re.test(k));
  }
  const suffix = rule?.unencrypted_suffix ?? '_unencrypted';
  return !path.some((k) => k.endsWith(suffix));
}

function goRFC3339(d: Date): string {
  return d.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

async function wrapKey(key: Buffer, recipients: string[], file: string): Promise<{ recipient: string; enc: string }[]> {
  const { Encrypter, armor } = await import('age-encryption');
  const out = [];
  for (const r of recipients) {
    if (!/^age1[0-9a-z]+$/.test(r)) throw new TalgenError(`unsupported recipient "${r.slice(0, 16)}…"`, { file, hint: 'talgen encrypts to age recipients (age1…)' });
    const e = new Encrypter();
    e.addRecipient(r);
    out.push({ recipient: r, enc: armor.encode(await e.encrypt(key)) });
  }
  return out;
}

/**
 * Encrypt a YAML/JSON/dotenv text the way sops does (AES-256-GCM per value, AAD = key path, SHA-512 MAC over the
 * plaintext values in file order, encrypted with `lastmodified` as AAD), with age recipients.
 */
export async function encryptText(plain: string, file: string, opts: { recipients?: string[]; format?: SopsFormat; rule?: CreationRule; now?: Date } = {}): Promise<string> {
  const format = opts.format ?? formatOf(file);
  const rule = opts.rule ?? findCreationRule(file);
  const recipients = recipientsOf(rule, opts.recipients);
  if (!recipients.length) throw new TalgenError('no age recipients', { file, hint: 'pass --age age1… or add a creation rule with age: to .sops.yaml' });
  if (hasSopsMetadata(plain, format === 'dotenv' ? 'dotenv' : 'yaml')) throw new TalgenError('file is already encrypted with sops', { file });
  const key = randomBytes(32);
  const lastmodified = goRFC3339(opts.now ?? new Date());
  const macOnly = rule?.mac_only_encrypted === true;
  const mac = createHash('sha512');
  if (macOnly) mac.update(createHash('sha256').update('sops').digest());
  const leaf = (v: unknown, path: string[]): unknown => {
    const lb = leafBytes(v);
    if (!lb || v === '') return v;
    const enc = encryptedByRule(path, rule);
    if (!macOnly || enc) mac.update(lb.bytes);
    return enc ? encryptValue(lb.bytes, lb.type, key, `${path.join(':')}:`) : v;
  };
  const metaBase = async () => {
    const m: Record<string, unknown> = {};
    m.age = await wrapKey(key, recipients, file);
    m.lastmodified = lastmodified;
    m.mac = encryptValue(Buffer.from(mac.digest('hex').toUpperCase()), 'str', key, lastmodified);
    if (rule?.encrypted_regex) m.encrypted_regex = rule.encrypted_regex;
    else if (rule?.unencrypted_regex) m.unencrypted_regex = rule.unencrypted_regex;
    else if (rule?.encrypted_suffix) m.encrypted_suffix = rule.encrypted_suffix;
    else m.unencrypted_suffix = rule?.unencrypted_suffix ?? '_unencrypted';
    if (macOnly) m.mac_only_encrypted = true;
    m.version = '3.10.2';
    return m;
  };

  if (format === 'dotenv') {
    const lines: string[] = [];
    for (const line of plain.split('\n')) {
      if (!line.trim() || line.startsWith('#')) continue;
      const eq = line.indexOf('=');
      if (eq < 0) throw new TalgenError('not a KEY=value line', { file });
      const k = line.slice(0, eq);
      lines.push(`${k}=${String(leaf(line.slice(eq + 1), [k]))}`);
    }
    const m = await metaBase();
    (m.age as { recipient: string; enc: string }[]).forEach((a, i) => {
      lines.push(`sops_age__list_${i}__map_enc=${a.enc.replace(/\n/g, '\\n')}`);
      lines.push(`sops_age__list_${i}__map_recipient=${a.recipient}`);
    });
    for (const [k, v] of Object.entries(m)) if (k !== 'age') lines.push(`sops_${k}=${String(v)}`);
    return `${lines.join('\n')}\n`;
  }
  const flatMeta = (m: Record<string, unknown>, prefix: string, sep: string): string[] => {
    const lines: string[] = [];
    (m.age as { recipient: string; enc: string }[]).forEach((a, i) => {
      lines.push(`${prefix}age__list_${i}__map_enc${sep}${a.enc.replace(/\n/g, '\\n')}`);
      lines.push(`${prefix}age__list_${i}__map_recipient${sep}${a.recipient}`);
    });
    for (const [k, v] of Object.entries(m)) if (k !== 'age') lines.push(`${prefix}${k}${sep}${String(v)}`);
    return lines;
  };
  if (format === 'binary') {
    const data = leaf(plain, ['data']);
    return `${JSON.stringify({ data, sops: await metaBase() }, null, '\t')}\n`;
  }
  if (format === 'ini') {
    const out: string[] = [];
    let section: string | undefined;
    for (const line of plain.split('\n')) {
      const t = line.trim();
      if (!t || t.startsWith(';') || t.startsWith('#')) continue;
      const sec = /^\[(.+)\]$/.exec(t);
      if (sec) {
        section = sec[1]!;
        if (out.length) out.push('');
        out.push(`[${section}]`);
        continue;
      }
      const eq = t.indexOf('=');
      if (eq < 0 || section === undefined) throw new TalgenError('not an INI file (key = value lines under [sections])', { file });
      const k = t.slice(0, eq).trim();
      out.push(`${k} = ${String(leaf(t.slice(eq + 1).trim(), [section, k]))}`);
    }
    return `${[...out, '', '[sops]', ...flatMeta(await metaBase(), '', ' = ')].join('\n')}\n`;
  }

  const docs = parseAllDocuments(plain, { intAsBigInt: true, uniqueKeys: true }) as Document.Parsed[];
  for (const d of docs) {
    const e = d.errors[0];
    if (e) throw new TalgenError(e.message.split('\n')[0]!, { file, line: e.linePos?.[0]?.line, col: e.linePos?.[0]?.col });
    if (!isMap(d.contents)) throw new TalgenError('the top level must be a mapping', { file });
  }
  const walk = (node: unknown, path: string[]): void => {
    if (isMap(node)) {
      for (const pair of node.items) {
        if (!isScalar(pair.key) || typeof pair.key.value !== 'string') throw new TalgenError('map keys must be strings', { file, path: path.join('.') });
        const p = [...path, pair.key.value];
        if (isScalar(pair.value)) {
          const s = new Scalar(leaf(pair.value.value, p));
          pair.value = s;
        } else walk(pair.value, p);
      }
    } else if (isSeq(node)) {
      node.items.forEach((item, i) => {
        if (isScalar(item)) node.items[i] = new Scalar(leaf(item.value, path));
        else walk(item, path);
      });
    }
  };
  for (const d of docs) walk(d.contents, []);
  const m = await metaBase();
  if (format === 'json') {
    const obj = docs[0]!.toJS() as Record<string, unknown>;
    obj.sops = m;
    return `${JSON.stringify(obj, (_k, v) => (typeof v === 'bigint' ? Number(v) : v), 4)}\n`;
  }
  const last = docs[docs.length - 1]!;
  (last.contents as unknown as { set: (k: string, v: unknown) => void }).set('sops', last.createNode(m));
  let text = docs.map((d) => d.toString({ lineWidth: 0 })).join('');
  // sops writes the metadata with go-yaml; keep that block in its canonical form.
  text = text.replace(/^sops:\n[\s\S]*$/m, encodeYaml({ sops: m }, { indent: 4, flavor: 'v3' }));
  return text;
}
