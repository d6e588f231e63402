import { TalgenError } from '../core/errors.js';
import { dearmor, openAgeX25519, x25519Identity } from './age-file.js';
import type { SopsRule } from './core.js';
import type { KeySource } from './keys.js';

/** The `sops:` metadata talgen reads (after dotenv/INI flattening has been undone). */
export interface Meta extends SopsRule {
  age: { recipient: string; enc: string }[];
  pgpCount: number;
  otherKeys: string[];
  lastmodified: string;
  mac?: string;
  version?: string;
}

const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;
const RULES = ['unencrypted_suffix', 'encrypted_suffix', 'unencrypted_regex', 'encrypted_regex'] as const;

/** Undo sops's flattening (`age__list_0__map_enc` → age[0].enc) for dotenv and INI metadata. */
export function unflatten(flat: Record<string, string>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(flat)) {
    const parts = k.split(/(__list_\d+|__map_)/).filter(Boolean);
    let cur: Record<string, unknown> | unknown[] = out;
    let name = parts[0]!;
    for (let i = 1; i < parts.length; i++) {
      const p = parts[i]!;
      const list = /^__list_(\d+)$/.exec(p);
      if (list) {
        const arr = ((cur as Record<string, unknown>)[name] ??= []) as unknown[];
        cur = arr;
        name = list[1]!;
      } else if (p === '__map_') {
        const obj = ((cur as Record<string, unknown>)[name] ??= {}) as Record<string, unknown>;
        cur = obj;
        name = parts[++i] ?? '';
      } else name += p;
    }
    (cur as Record<string, unknown>)[name] = v;
  }
  return out;
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'bigint' ? String(v) : undefined;
}

/** Validate the metadata the way sops's loader does, refusing what talgen cannot honour. */
export function readMeta(raw: unknown, file: string): Meta {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) throw new TalgenError('the sops metadata is not a mapping', { file, path: 'sops' });
  const m = raw as Record<string, unknown>;
  const lastmodified = str(m.lastmodified);
  if (!lastmodified) throw new TalgenError('sops metadata has no lastmodified (truncated or hand-made file?)', { file, path: 'sops.lastmodified' });
  if (!RFC3339.test(lastmodified)) throw new TalgenError('sops.lastmodified is not an RFC 3339 time', { file, path: 'sops.lastmodified' });
  if (m.key_groups !== undefined) {
    throw new TalgenError('SOPS key groups (Shamir secret sharing) are not supported', {
      file,
      path: 'sops.key_groups',
      hint: 're-encrypt the file without key_groups for talgen to open it',
    });
  }
  for (const f of ['unencrypted_comment_regex', 'encrypted_comment_regex']) {
    if (m[f]) throw new TalgenError(`the sops rule ${f} is not supported by talgen`, { file, path: `sops.${f}` });
  }
  const rules = RULES.filter((r) => m[r] !== undefined && m[r] !== '');
  if (rules.length > 1) throw new TalgenError(`sops metadata sets ${rules.join(' and ')}; sops allows only one`, { file, path: 'sops' });
  const age: Meta['age'] = [];
  if (m.age !== undefined) {
    if (!Array.isArray(m.age)) throw new TalgenError('sops.age is not a list', { file, path: 'sops.age' });
    m.age.forEach((a, i) => {
      const e = a as Record<string, unknown> | null;
      const recipient = str(e?.recipient);
      const enc = str(e?.enc);
      if (!recipient || !enc) throw new TalgenError('age entry without recipient or enc (truncated file?)', { file, path: `sops.age[${i}]` });
      age.push({ recipient, enc });
    });
  }
  const macOnly = m.mac_only_encrypted;
  const meta: Meta = {
    age,
    pgpCount: Array.isArray(m.pgp) ? m.pgp.length : 0,
    otherKeys: ['kms', 'gcp_kms', 'azure_kv', 'hc_vault', 'hckms'].filter((k) => Array.isArray(m[k]) && (m[k] as unknown[]).length > 0),
    lastmodified,
    mac: str(m.mac),
    version: str(m.version),
    mac_only_encrypted: macOnly === true || macOnly === 'true',
  };
  for (const r of rules) meta[r] = String(m[r]);
  return meta;
}

/** An age file opened by the age-encryption library (ssh and post-quantum identities), loaded only for them. */
async function openWithLibrary(body: Buffer, identities: KeySource['identities']): Promise<Buffer> {
  const { Decrypter } = await import('age-encryption');
  const d = new Decrypter();
  for (const id of identities) d.addIdentity(id);
  return Buffer.from(await d.decrypt(body, 'uint8array'));
}

/**
 * The file cannot be opened on this machine: no key for any of its recipients was found (or its recipients are of
 * a kind talgen does not open). Unlike a damaged or tampered file, that is a matter of where talgen runs, so
 * `talgen check` skips what needs the plaintext instead of failing.
 */
export class NoKeyError extends TalgenError {}

/** Unwrap the 32-byte data key from the age stanzas with the identities found; errors name every place tried. */
export async function unwrapDataKey(meta: Meta, file: string, keys: KeySource): Promise<Buffer> {
  if (!meta.age.length) {
    if (meta.pgpCount) {
      throw new NoKeyError('encrypted for PGP recipients only; talgen opens age and ssh recipients', {
        file,
        path: 'sops.pgp',
        hint: 'add an age recipient to the file with sops (sops updatekeys after adding age: to .sops.yaml)',
      });
    }
    const other = meta.otherKeys.length ? ` (it is encrypted for ${meta.otherKeys.join(', ')})` : '';
    throw new NoKeyError(`the file has no age recipients${other}; talgen opens age and ssh recipients`, { file, path: 'sops.age' });
  }
  const recipients = meta.age.map((a) => a.recipient).join(', ');
  const tried = keys.tried.join('; ');
  const hint = `set SOPS_AGE_KEY_FILE to a keys.txt holding the secret key of one of these recipients (or SOPS_AGE_KEY, SOPS_AGE_KEY_CMD, SOPS_AGE_SSH_PRIVATE_KEY_FILE)`;
  if (!keys.identities.length) {
    throw new NoKeyError(`no age key found to open this file (its recipients: ${recipients}); tried ${tried}`, { file, hint });
  }
  // X25519 keys open their stanzas with node:crypto; other identities (ssh, post-quantum) need age-encryption.
  const parsed = keys.identities.map((id) => ({ id, x25519: typeof id === 'string' ? x25519Identity(id) : undefined }));
  const native = parsed.flatMap((p) => p.x25519 ?? []);
  const others = parsed.filter((p) => !p.x25519).map((p) => p.id);
  for (const [i, stanza] of meta.age.entries()) {
    let body: Buffer;
    try {
      body = dearmor(stanza.enc);
    } catch {
      throw new TalgenError('the encrypted data key is not a valid armored age file (truncated or edited?)', { file, path: `sops.age[${i}].enc` });
    }
    let key: Buffer | undefined;
    try {
      key = openAgeX25519(body, native) ?? (others.length ? await openWithLibrary(body, others) : undefined);
    } catch {
      continue;
    }
    if (!key) continue;
    if (key.length !== 32) throw new TalgenError('the decrypted data key is not 32 bytes', { file, path: `sops.age[${i}].enc` });
    return key;
  }
  throw new NoKeyError(`none of the ${keys.identities.length} age key(s) found opens this file (its recipients: ${recipients}); tried ${tried}`, {
    file,
    hint,
  });
}
