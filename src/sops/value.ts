import { createCipheriv, createDecipheriv, randomBytes, type DecipherGCM } from 'node:crypto';

/**
 * One SOPS leaf: `ENC[AES256_GCM,data:<b64>,iv:<b64>,tag:<b64>,type:<t>]` (AES-256-GCM, 32-byte IV, AAD = key path).
 * Typed leaves carry Go's formatting of the value; this module converts both ways without ever putting
 * plaintext into an error message.
 */
export type SopsType = 'str' | 'int' | 'float' | 'bool' | 'bytes' | 'comment' | 'time';

/** A leaf after decryption / before encryption, typed the way sops's Go tree holds it. */
export type Leaf =
  | { type: 'str' | 'bytes' | 'time' | 'comment'; value: string }
  | { type: 'int'; value: bigint }
  | { type: 'float'; value: number }
  | { type: 'bool'; value: boolean };

export class EncError extends Error {}

const TYPES: readonly string[] = ['str', 'int', 'float', 'bool', 'bytes', 'comment', 'time'];
const B64 = /^[A-Za-z0-9+/]*={0,2}$/;
const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

export function isEnc(v: unknown): v is string {
  return typeof v === 'string' && v.startsWith('ENC[');
}

function b64(part: string, what: string): Buffer {
  if (!B64.test(part) || part.length % 4 !== 0) throw new EncError(`invalid base64 in the ${what} of the ENC value`);
  return Buffer.from(part, 'base64');
}

/** Split an ENC string the way sops's regexp does; checks the base64 of every part. */
export function parseEnc(enc: string): { data: Buffer; iv: Buffer; tag: Buffer; type: string } {
  const cipher = /^ENC\[([^,\]]*)/.exec(enc)?.[1] ?? '';
  if (cipher !== 'AES256_GCM') throw new EncError(`unknown cipher "${cipher.slice(0, 20)}" in ENC value (sops writes AES256_GCM)`);
  const m = /^ENC\[AES256_GCM,data:(.*),iv:(.+),tag:(.+),type:(.+)\]$/s.exec(enc);
  if (!m) throw new EncError('malformed ENC value (expected ENC[AES256_GCM,data:…,iv:…,tag:…,type:…])');
  const iv = b64(m[2]!, 'iv');
  const tag = b64(m[3]!, 'tag');
  const data = b64(m[1]!, 'data');
  if (iv.length === 0 || tag.length !== 16) throw new EncError('malformed ENC value (empty iv or a tag that is not 16 bytes)');
  return { data, iv, tag, type: m[4]! };
}

/** Parse Go `strconv.ParseBool` input. */
function goBool(s: string): boolean | undefined {
  if (['1', 't', 'T', 'TRUE', 'true', 'True'].includes(s)) return true;
  if (['0', 'f', 'F', 'FALSE', 'false', 'False'].includes(s)) return false;
  return undefined;
}

/** Go `strconv.Atoi` on 64-bit: optional sign, decimal digits, int64 range. */
function goAtoi(s: string): bigint | undefined {
  if (!/^[+-]?[0-9]+$/.test(s)) return undefined;
  const v = BigInt(s);
  return v < INT64_MIN || v > INT64_MAX ? undefined : v;
}

/** Go `strconv.ParseFloat(s, 64)` for the decimal forms sops writes (plus Go's inf/nan spellings). */
function goParseFloat(s: string): number | undefined {
  const t = s.replace(/^[+]/, '');
  if (/^-?(inf|infinity)$/i.test(t)) return t.startsWith('-') ? -Infinity : Infinity;
  if (/^nan$/i.test(t)) return NaN;
  if (!/^-?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(t)) return undefined;
  const v = Number(t);
  return Number.isFinite(v) ? v : undefined;
}

/** Decrypt one ENC value with its AAD and type it like sops's Go cipher does. */
export function decryptLeaf(enc: string, key: Buffer, aad: string): Leaf {
  const { data, iv, tag, type } = parseEnc(enc);
  if (!TYPES.includes(type)) throw new EncError(`unknown type tag "${type.slice(0, 20)}" in ENC value`);
  let d: DecipherGCM;
  try {
    d = createDecipheriv('aes-256-gcm', key, iv);
  } catch {
    // Go's GCM takes any non-empty nonce; OpenSSL refuses very long ones. Either way this value cannot open.
    throw new EncError(`authentication failed (an iv of ${iv.length} bytes; sops writes 32)`);
  }
  d.setAAD(Buffer.from(aad, 'utf8'));
  d.setAuthTag(tag);
  let plain: Buffer;
  try {
    plain = Buffer.concat([d.update(data), d.final()]);
  } catch {
    throw new EncError('authentication failed (edited ciphertext, or the value was moved to another key)');
  }
  const s = plain.toString('utf8');
  switch (type as SopsType) {
    case 'int': {
      const v = goAtoi(s);
      if (v === undefined) throw new EncError('type tag says int but the decrypted value is not an integer (wrong type tag)');
      return { type: 'int', value: v };
    }
    case 'float': {
      const v = goParseFloat(s);
      if (v === undefined) throw new EncError('type tag says float but the decrypted value is not a number (wrong type tag)');
      return { type: 'float', value: v };
    }
    case 'bool': {
      const v = goBool(s);
      if (v === undefined) throw new EncError('type tag says bool but the decrypted value is not a boolean (wrong type tag)');
      return { type: 'bool', value: v };
    }
    default:
      return { type: type as 'str' | 'bytes' | 'time' | 'comment', value: s };
  }
}

/** Go `strconv.FormatFloat(f, 'f', -1, 64)`: shortest round-trip digits, never an exponent. */
export function goFloatF(f: number): string {
  if (f === Infinity) return '+Inf';
  if (f === -Infinity) return '-Inf';
  if (Number.isNaN(f)) return 'NaN';
  if (Object.is(f, -0)) return '-0';
  const s = String(f);
  if (!/e/i.test(s)) return s;
  const [mant, expS] = s.split(/e/i) as [string, string];
  const neg = mant.startsWith('-');
  const m = mant.replace('-', '');
  const digits = m.replace('.', '');
  const dot = m.indexOf('.') < 0 ? m.length : m.indexOf('.');
  const pointAt = dot + Number(expS);
  let out: string;
  if (pointAt <= 0) out = `0.${'0'.repeat(-pointAt)}${digits}`;
  else if (pointAt >= digits.length) out = digits + '0'.repeat(pointAt - digits.length);
  else out = `${digits.slice(0, pointAt)}.${digits.slice(pointAt)}`;
  return (neg ? '-' : '') + out;
}

/** The bytes sops hashes into the MAC and encrypts for a leaf (`sops.ToBytes`). */
export function leafBytes(leaf: Leaf): Buffer {
  switch (leaf.type) {
    case 'int':
      return Buffer.from(leaf.value.toString(), 'utf8');
    case 'float':
      return Buffer.from(goFloatF(leaf.value), 'utf8');
    case 'bool':
      return Buffer.from(leaf.value ? 'True' : 'False', 'utf8');
    default:
      return Buffer.from(leaf.value, 'utf8');
  }
}

/** Encrypt a leaf with a fresh 32-byte IV. The empty string is never encrypted (sops keeps `""`). */
export function encryptLeaf(leaf: Leaf, key: Buffer, aad: string): string {
  const iv = randomBytes(32);
  const c = createCipheriv('aes-256-gcm', key, iv);
  c.setAAD(Buffer.from(aad, 'utf8'));
  const data = Buffer.concat([c.update(leafBytes(leaf)), c.final()]);
  return `ENC[AES256_GCM,data:${data.toString('base64')},iv:${iv.toString('base64')},tag:${c.getAuthTag().toString('base64')},type:${leaf.type}]`;
}

/** The plain JS value of a leaf for output (ints beyond 2^53 stay bigint). */
export function jsValue(leaf: Leaf): unknown {
  if (leaf.type === 'int')
    return leaf.value >= BigInt(Number.MIN_SAFE_INTEGER) && leaf.value <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(leaf.value) : leaf.value;
  return leaf.value;
}

export { INT64_MAX, INT64_MIN };
