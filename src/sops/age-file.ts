import { diffieHellman, hkdfSync, createHmac, timingSafeEqual, type KeyObject } from 'node:crypto';
import { bech32Decode } from './bech32.js';
import { chachaOpen, rawPublic, x25519Private, x25519Public } from './x25519.js';

/**
 * age v1 files opened with node:crypto alone, for X25519 identities (`AGE-SECRET-KEY-1…`, what sops users have):
 * the header's stanzas, its HMAC, and the STREAM payload. Other recipient types (post-quantum, ssh) and encryption
 * stay with the `age-encryption` library, loaded only then.
 */

/** Why an age file cannot be opened; `no-identity` means none of the given keys matches a stanza. */
export type AgeFailure = 'armor' | 'header' | 'no-identity' | 'header-mac' | 'payload';

export class AgeFileError extends Error {
  constructor(readonly failure: AgeFailure) {
    super(`age: ${failure}`);
  }
}

const VERSION_LINE = 'age-encryption.org/v1';
const X25519_INFO = 'age-encryption.org/v1/X25519';
const CHUNK = 64 * 1024;
const TAG = 16;
const ARMOR_BEGIN = '-----BEGIN AGE ENCRYPTED FILE-----';
const ARMOR_END = '-----END AGE ENCRYPTED FILE-----';
/** Unpadded standard base64, as age writes stanza arguments, bodies and the MAC. */
const B64_RAW = /^[A-Za-z0-9+/]*$/;

/** An X25519 identity: its scalar (as a KeyObject) and its public key (the HKDF salt needs it). */
export interface X25519Identity {
  secret: KeyObject;
  publicKey: Buffer;
}

/** The identities made so far: key discovery and every SOPS file opened in a run ask for the same keys. */
const identities = new Map<string, X25519Identity | undefined>();

/** An `AGE-SECRET-KEY-1…` string as an X25519 identity; undefined for anything else (incl. post-quantum keys). */
export function x25519Identity(key: string): X25519Identity | undefined {
  if (identities.has(key)) return identities.get(key);
  const d = bech32Decode(key);
  const secret = d?.hrp === 'age-secret-key-' && d.data.length === 32 && key === key.toUpperCase() ? x25519Private(d.data) : undefined;
  const id = secret && { secret, publicKey: rawPublic(secret) };
  identities.set(key, id);
  return id;
}

/** The binary age file inside ASCII armor (PEM-like, 64-column base64 lines). */
export function dearmor(text: string): Buffer {
  const lines = text.trim().split(/\r?\n/);
  if (lines.length < 2 || lines[0] !== ARMOR_BEGIN || lines[lines.length - 1] !== ARMOR_END) throw new AgeFileError('armor');
  const body = lines.slice(1, -1);
  const bad = body.some((l, i) => l.length > 64 || (i < body.length - 1 && l.length !== 64) || !/^[A-Za-z0-9+/]*={0,2}$/.test(l));
  if (bad) throw new AgeFileError('armor');
  return Buffer.from(body.join(''), 'base64');
}

interface Stanza {
  args: string[];
  body: Buffer;
}

interface Header {
  stanzas: Stanza[];
  /** The bytes the MAC covers: the header up to and including `---`. */
  signed: Buffer;
  mac: Buffer;
  /** Where the payload (its nonce) starts. */
  end: number;
}

function rawB64(s: string): Buffer {
  if (!B64_RAW.test(s) || s.length % 4 === 1) throw new AgeFileError('header');
  return Buffer.from(s, 'base64');
}

function parseHeader(file: Buffer): Header {
  let pos = 0;
  const line = (): string => {
    const nl = file.indexOf(0x0a, pos);
    if (nl < 0) throw new AgeFileError('header');
    const s = file.subarray(pos, nl).toString('latin1');
    pos = nl + 1;
    return s;
  };
  if (line() !== VERSION_LINE) throw new AgeFileError('header');
  const stanzas: Stanza[] = [];
  for (;;) {
    const start = pos;
    const l = line();
    if (l.startsWith('--- ')) {
      const mac = rawB64(l.slice(4));
      if (mac.length !== 32) throw new AgeFileError('header');
      return { stanzas, signed: file.subarray(0, start + 3), mac, end: pos };
    }
    const args = l.split(' ');
    if (args[0] !== '->' || args.length < 2 || args.some((a) => a === '')) throw new AgeFileError('header');
    // The body: 64-column lines, ended by the first shorter one (possibly empty).
    const body: Buffer[] = [];
    for (;;) {
      const b = line();
      if (b.length > 64) throw new AgeFileError('header');
      body.push(rawB64(b));
      if (b.length < 64) break;
    }
    stanzas.push({ args: args.slice(1), body: Buffer.concat(body) });
  }
}

/** The file key from an X25519 stanza, when one of the identities is its recipient. */
function unwrapX25519(stanzas: Stanza[], identities: X25519Identity[]): Buffer | undefined {
  for (const s of stanzas) {
    if (s.args[0] !== 'X25519' || s.args.length !== 2 || s.body.length !== 32) continue;
    const share = rawB64(s.args[1]!);
    if (share.length !== 32) throw new AgeFileError('header');
    for (const id of identities) {
      let shared: Buffer;
      try {
        shared = diffieHellman({ privateKey: id.secret, publicKey: x25519Public(share) });
      } catch {
        continue; // a low-order share: no shared secret (age rejects the all-zero result)
      }
      const wrapKey = Buffer.from(hkdfSync('sha256', shared, Buffer.concat([share, id.publicKey]), X25519_INFO, 32));
      const fileKey = chachaOpen(wrapKey, Buffer.alloc(12), s.body);
      if (fileKey?.length === 16) return fileKey;
    }
  }
  return undefined;
}

/** STREAM: 64 KiB chunks, each sealed with nonce = 11-byte big-endian counter ‖ last-chunk flag. */
function openPayload(fileKey: Buffer, payload: Buffer): Buffer {
  if (payload.length < 16) throw new AgeFileError('payload');
  const key = Buffer.from(hkdfSync('sha256', fileKey, payload.subarray(0, 16), 'payload', 32));
  const sealed = payload.subarray(16);
  const out: Buffer[] = [];
  const nonce = Buffer.alloc(12);
  for (let off = 0, counter = 0; ; counter++) {
    const chunk = sealed.subarray(off, off + CHUNK + TAG);
    off += chunk.length;
    const last = off === sealed.length;
    nonce.writeUIntBE(counter, 5, 6);
    nonce[11] = last ? 1 : 0;
    // Only the last chunk may be short, and it may be empty only when the whole plaintext is.
    if (chunk.length < TAG || (last && chunk.length === TAG && counter > 0)) throw new AgeFileError('payload');
    const plain = chachaOpen(key, nonce, chunk);
    if (!plain) throw new AgeFileError('payload');
    out.push(plain);
    if (last) return Buffer.concat(out);
  }
}

/**
 * Decrypt a binary age file with X25519 identities. Undefined when no stanza is for one of them (the caller may
 * try other identity types); throws AgeFileError for a malformed header, a wrong header MAC or a damaged payload.
 */
export function openAgeX25519(file: Buffer, identities: X25519Identity[]): Buffer | undefined {
  const header = parseHeader(file);
  const fileKey = unwrapX25519(header.stanzas, identities);
  if (!fileKey) return undefined;
  const macKey = Buffer.from(hkdfSync('sha256', fileKey, Buffer.alloc(0), 'header', 32));
  const mac = createHmac('sha256', macKey).update(header.signed).digest();
  if (!timingSafeEqual(mac, header.mac)) throw new AgeFileError('header-mac');
  return openPayload(fileKey, file.subarray(header.end));
}
