import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { isMap, parse, Scalar } from 'yaml';
import { TalgenError } from '../core/errors.js';
import { GoRegexp, GoRegexpError } from '../core/go-regexp.js';
import { sealMac, Walker, type SopsFormat, type SopsRule } from './core.js';
import { formatOf, hasEncValues, hasSopsMetadata, parseIni } from './decrypt.js';
import { emitJson, parseJson, toJNode, walkJson } from './json.js';
import { sshEd25519Recipient } from './ssh.js';
import { docsToString, parseYaml, walkDocs } from './yaml.js';

/** A `.sops.yaml` creation rule (the parts talgen honours). */
export interface CreationRule extends SopsRule {
  path_regex?: string;
  /** age recipients: a comma-separated string or a list (`age1…`, `age1pq1…`, `ssh-ed25519 AAAA…`). */
  age?: string | string[];
  pgp?: string | string[];
  /** sops key groups; talgen encrypts to a single group's age recipients (several groups mean Shamir sharing). */
  key_groups?: { age?: string | string[]; pgp?: string | string[] }[];
}

/** sops writes this into `sops.version`; it must be valid semver for `sops -d`. */
export const SOPS_VERSION = '3.10.2';

/**
 * The first matching creation rule of the nearest `.sops.yaml` (or `.sops.yml`) above `file`, as sops picks it:
 * rules in order, `path_regex` searched in the file's path relative to the config's directory; a rule without
 * `path_regex` matches every file.
 */
export function findCreationRule(file: string): CreationRule | undefined {
  const abs = resolve(file);
  let dir = dirname(abs);
  for (;;) {
    const cfg = ['.sops.yaml', '.sops.yml'].map((n) => join(dir, n)).find((p) => existsSync(p));
    if (cfg) {
      let parsed: { creation_rules?: unknown };
      try {
        parsed = (parse(readFileSync(cfg, 'utf8')) ?? {}) as { creation_rules?: unknown };
      } catch {
        throw new TalgenError('not valid YAML', { file: cfg });
      }
      const rules = parsed.creation_rules;
      if (rules === undefined) return undefined;
      if (!Array.isArray(rules)) throw new TalgenError('creation_rules must be a list', { file: cfg, path: 'creation_rules' });
      const rel = relative(dir, abs).split(sep).join('/');
      return (rules as CreationRule[]).find((r, i) => {
        if (!r.path_regex) return true;
        try {
          return GoRegexp.compile(r.path_regex).matchString(rel);
        } catch (e) {
          if (!(e instanceof GoRegexpError)) throw e;
          throw new TalgenError(`can not compile regexp: ${e.message}`, {
            file: cfg,
            path: `creation_rules[${i}].path_regex`,
            hint: 'sops reads path_regex as a Go (RE2) regular expression',
          });
        }
      });
    }
    const up = dirname(dir);
    if (up === dir) return undefined;
    dir = up;
  }
}

function listOf(v: string | string[] | undefined): string[] {
  const list = typeof v === 'string' ? v.split(',') : Array.isArray(v) ? v.map(String) : [];
  return list.map((r) => r.trim()).filter(Boolean);
}

/** Go `time.Now().UTC().Format(time.RFC3339)`. */
function rfc3339(d: Date): string {
  return d.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

async function wrapKey(key: Buffer, recipients: string[], file: string): Promise<{ recipient: string; enc: string }[]> {
  const { Encrypter, armor } = await import('age-encryption');
  const out: { recipient: string; enc: string }[] = [];
  for (const r of recipients) {
    const e = new Encrypter();
    if (r.startsWith('ssh-')) {
      const ssh = await sshEd25519Recipient(r);
      if (!ssh)
        throw new TalgenError(`unsupported ssh recipient "${r.slice(0, 24)}…"`, {
          file,
          hint: 'talgen encrypts to age recipients (age1…, age1pq1…) and ssh-ed25519 public keys',
        });
      e.addRecipient(ssh);
    } else {
      if (/^AGE-SECRET-KEY-/i.test(r))
        throw new TalgenError('an age secret key was given where a recipient belongs', {
          file,
          hint: 'pass the public key (age1…): age-keygen -y keys.txt prints it',
        });
      try {
        if (!/^age1[0-9a-z]+$/.test(r)) throw new Error('not age');
        e.addRecipient(r);
      } catch {
        throw new TalgenError(`"${r.slice(0, 24)}" is not an age recipient`, {
          file,
          hint: 'use age1… (age-keygen -y keys.txt), age1pq1… or an ssh-ed25519 public key line',
        });
      }
    }
    out.push({ recipient: r, enc: armor.encode(await e.encrypt(key)) });
  }
  return out;
}

/** The metadata block, keys in the order sops 3.10+ writes them (sorted). */
function metadata(age: { recipient: string; enc: string }[], lastmodified: string, mac: string, rule: SopsRule): Record<string, unknown> {
  const m: Record<string, unknown> = { age, lastmodified, mac };
  if (rule.mac_only_encrypted) m.mac_only_encrypted = true;
  for (const k of ['encrypted_regex', 'encrypted_suffix', 'unencrypted_regex', 'unencrypted_suffix'] as const) if (rule[k]) m[k] = rule[k];
  m.version = SOPS_VERSION;
  return Object.fromEntries(Object.entries(m).sort(([a], [b]) => (a < b ? -1 : 1)));
}

function yamlMeta(m: Record<string, unknown>): string {
  const lines = ['sops:'];
  for (const [k, v] of Object.entries(m)) {
    if (k === 'age') {
      lines.push('    age:');
      for (const a of v as { recipient: string; enc: string }[]) {
        lines.push(`        - recipient: ${/^age1[0-9a-z]+$/.test(a.recipient) ? a.recipient : JSON.stringify(a.recipient)}`, '          enc: |');
        for (const l of a.enc.replace(/\n$/, '').split('\n')) lines.push(`            ${l}`);
      }
    } else {
      const s = String(v);
      const plain = typeof v === 'boolean' || k === 'mac' || k === 'version' || /^[A-Za-z0-9_.-]+$/.test(s);
      lines.push(`    ${k}: ${plain ? s : JSON.stringify(s)}`);
    }
  }
  return `${lines.join('\n')}\n`;
}

/** Flattened metadata for dotenv (`sops_` prefix) and INI (`[sops]` section), newlines escaped as sops does. */
function flatMeta(m: Record<string, unknown>): [string, string][] {
  const out: [string, string][] = [];
  for (const [k, v] of Object.entries(m)) {
    if (k === 'age') {
      (v as { recipient: string; enc: string }[]).forEach((a, i) => {
        out.push([`age__list_${i}__map_enc`, a.enc.replace(/\n/g, '\\n')], [`age__list_${i}__map_recipient`, a.recipient]);
      });
    } else out.push([k, String(v)]);
  }
  return out;
}

/**
 * Encrypt a YAML/JSON/dotenv/INI/binary text the way sops does: AES-256-GCM per value with the key path as AAD,
 * values typed like go-yaml reads them, SHA-512 MAC over the values in file order encrypted with `lastmodified` as
 * AAD, the data key wrapped for each age/ssh recipient. Recipients and rules: `opts`, else the nearest `.sops.yaml`.
 */
export async function encryptText(
  plain: string,
  file: string,
  opts: { recipients?: string[]; format?: SopsFormat; rules?: CreationRule; now?: Date } = {},
): Promise<string> {
  const format = opts.format ?? formatOf(file);
  const rule: CreationRule = opts.rules ?? findCreationRule(file) ?? {};
  if (rule.key_groups && rule.key_groups.length > 1) {
    throw new TalgenError('the .sops.yaml rule has several key_groups (Shamir secret sharing), which talgen does not support', { file });
  }
  const group = rule.key_groups?.[0];
  const recipients = opts.recipients?.length ? opts.recipients.flatMap((r) => listOf(r)) : listOf(group ? group.age : rule.age);
  if (!recipients.length) {
    const pgp =
      listOf(rule.pgp).length || listOf(group?.pgp).length ? ' (the .sops.yaml rule names PGP keys only; talgen encrypts to age and ssh recipients)' : '';
    throw new TalgenError(`no age recipients to encrypt to${pgp}`, { file, hint: 'pass --age age1… or add a creation rule with age: to .sops.yaml' });
  }
  const rules = (['unencrypted_suffix', 'encrypted_suffix', 'unencrypted_regex', 'encrypted_regex'] as const).filter((k) => rule[k]);
  if (rules.length > 1) throw new TalgenError(`the creation rule sets ${rules.join(' and ')}; sops allows only one`, { file });
  const effective: SopsRule = { mac_only_encrypted: rule.mac_only_encrypted === true };
  if (rules[0]) effective[rules[0]] = rule[rules[0]];
  else effective.unencrypted_suffix = '_unencrypted';
  if (hasSopsMetadata(plain, format) || (format !== 'binary' && hasEncValues(plain))) {
    throw new TalgenError('the file is already encrypted with sops', { file, hint: 'decrypt it first (talgen decrypt) if you want to re-encrypt' });
  }

  const key = randomBytes(32);
  const lastmodified = rfc3339(opts.now ?? new Date());
  const w = new Walker(key, effective, file);
  const finish = async () => metadata(await wrapKey(key, recipients, file), lastmodified, sealMac(w.mac(), lastmodified, key), effective);

  if (format === 'yaml') {
    const docs = parseYaml(plain, file);
    for (const d of docs)
      if (isMap(d.contents) && d.contents.has('sops'))
        throw new TalgenError('the file has a top-level "sops" key, which sops reserves', { file, path: 'sops' });
    walkDocs(docs, w, 'seal');
    const marker = `talgen-sops-metadata-${randomBytes(8).toString('hex')}`;
    for (const d of docs) {
      if (d.contents === null || !isMap(d.contents)) d.contents = d.createNode({}) as never;
      (d.contents as unknown as { set: (k: unknown, v: unknown) => void }).set('sops', new Scalar(marker));
    }
    const block = yamlMeta(await finish());
    return docsToString(docs).replace(new RegExp(`^sops: ${marker}\\n`, 'gm'), block);
  }
  if (format === 'json' || format === 'binary') {
    const root = format === 'json' ? parseJson(plain, file) : toJNode({ data: plain });
    if (root.t === 'obj' && format === 'json' && root.items.some(([k]) => k === 'sops'))
      throw new TalgenError('the file has a top-level "sops" key, which sops reserves', { file, path: 'sops' });
    walkJson(root, [], (p, v) => w.seal(p, v));
    if (root.t === 'obj') root.items.push(['sops', toJNode(await finish())]);
    return `${emitJson(root)}\n`;
  }
  if (format === 'dotenv') {
    const lines: string[] = [];
    plain.split('\n').forEach((line, n) => {
      if (!line) return;
      if (line.startsWith('#')) {
        lines.push(`#${w.sealComment([], line.slice(1))}`);
        return;
      }
      const eq = line.indexOf('=');
      if (eq < 0) throw new TalgenError('invalid dotenv line (expected KEY=value)', { file, line: n + 1 });
      const k = line.slice(0, eq);
      if (k.startsWith('sops_')) throw new TalgenError('keys starting with sops_ are reserved for the sops metadata', { file, line: n + 1, path: k });
      const v = w.seal([k], { type: 'str', value: line.slice(eq + 1).replace(/\\n/g, '\n') });
      lines.push(`${k}=${String(v.type === 'str' ? v.value : '').replace(/\n/g, '\\n')}`);
    });
    for (const [k, v] of flatMeta(await finish())) lines.push(`sops_${k}=${v}`);
    return lines.map((l) => `${l}\n`).join('');
  }
  // INI
  const out: string[] = [];
  for (const sec of parseIni(plain, file)) {
    if (sec.name === 'sops') throw new TalgenError('the [sops] section is reserved for the sops metadata', { file, path: 'sops' });
    if (sec.name === 'DEFAULT' && !sec.entries.length) continue;
    if (out.length) out.push('');
    out.push(`[${sec.name}]`);
    for (const { k, v } of sec.entries) {
      const s = w.seal([sec.name, k], { type: 'str', value: v });
      out.push(`${k} = ${s.type === 'str' ? s.value : ''}`);
    }
  }
  out.push('', '[sops]', ...flatMeta(await finish()).map(([k, v]) => `${k} = ${v}`));
  return `${out.join('\n')}\n`;
}
