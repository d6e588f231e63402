import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/** `ENC[AES256_GCM,data:…,iv:…,tag:…,type:…]` */
export const ENC_RE = /^ENC\[AES256_GCM,data:([A-Za-z0-9+/=]*),iv:([A-Za-z0-9+/=]+),tag:([A-Za-z0-9+/=]+),type:([a-z]+)\]$/;

export type SopsType = 'str' | 'int' | 'float' | 'bool' | 'bytes' | 'comment' | 'time';

export class EncError extends Error {}

/** Decrypt one ENC value; returns the plaintext bytes and its type tag. */
export function decryptValue(enc: string, key: Buffer, aad: string): { plain: Buffer; type: SopsType } {
  if (!enc.startsWith('ENC[')) throw new EncError('not an ENC value');
  if (!enc.startsWith('ENC[AES256_GCM,')) throw new EncError(`unknown cipher ${/^ENC\[([^,\]]*)/.exec(enc)?.[1] ?? ''}`);
  const m = ENC_RE.exec(enc);
  if (!m) throw new EncError('malformed ENC value (invalid base64 or missing data/iv/tag/type)');
  const [, data, iv, tag, type] = m as unknown as [string, string, string, string, string];
  if (!['str', 'int', 'float', 'bool', 'bytes', 'comment', 'time'].includes(type)) throw new EncError(`unknown value type "${type}"`);
  const ivb = Buffer.from(iv, 'base64');
  const tagb = Buffer.from(tag, 'base64');
  if (ivb.length !== 32 || tagb.length !== 16) throw new EncError('malformed ENC value (iv must be 32 bytes, tag 16)');
  const d = createDecipheriv('aes-256-gcm', key, ivb);
  d.setAAD(Buffer.from(aad, 'utf8'));
  d.setAuthTag(tagb);
  try {
    return { plain: Buffer.concat([d.update(Buffer.from(data, 'base64')), d.final()]), type: type as SopsType };
  } catch {
    throw new EncError('authentication failed (wrong key, edited ciphertext, or the value was moved to another key)');
  }
}

export function encryptValue(plain: Buffer, type: SopsType, key: Buffer, aad: string): string {
  const iv = randomBytes(32);
  const c = createCipheriv('aes-256-gcm', key, iv);
  c.setAAD(Buffer.from(aad, 'utf8'));
  const data = Buffer.concat([c.update(plain), c.final()]);
  return `ENC[AES256_GCM,data:${data.toString('base64')},iv:${iv.toString('base64')},tag:${c.getAuthTag().toString('base64')},type:${type}]`;
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
  const exp = Number(expS);
  const neg = mant.startsWith('-');
  const digits = mant.replace('-', '').replace('.', '');
  const pointAt = (mant.replace('-', '').indexOf('.') < 0 ? mant.replace('-', '').length : mant.replace('-', '').indexOf('.')) + exp;
  let out: string;
  if (pointAt <= 0) out = `0.${'0'.repeat(-pointAt)}${digits}`;
  else if (pointAt >= digits.length) out = digits + '0'.repeat(pointAt - digits.length);
  else out = `${digits.slice(0, pointAt)}.${digits.slice(pointAt)}`;
  return (neg ? '-' : '') + out;
}

/** Plaintext bytes sops hashes/encrypts for a typed leaf. */
export function leafBytes(v: unknown): { bytes: Buffer; type: SopsType } | undefined {
  if (v === null || v === undefined) return undefined;
  if (typeof v === 'string') return { bytes: Buffer.from(v, 'utf8'), type: 'str' };
  if (typeof v === 'bigint') return { bytes: Buffer.from(v.toString(), 'utf8'), type: 'int' };
  if (typeof v === 'number') return Number.isInteger(v) && !Object.is(v, -0) ? { bytes: Buffer.from(String(v)), type: 'int' } : { bytes: Buffer.from(goFloatF(v)), type: 'float' };
  if (typeof v === 'boolean') return { bytes: Buffer.from(v ? 'True' : 'False'), type: 'bool' };
  return { bytes: Buffer.from(String(v), 'utf8'), type: 'str' };
}

/** Typed value of decrypted bytes. */
export function typedValue(plain: Buffer, type: SopsType): unknown {
  const s = plain.toString('utf8');
  switch (type) {
    case 'int':
      return /^-?\d+$/.test(s) && Math.abs(Number(s)) <= Number.MAX_SAFE_INTEGER ? Number(s) : BigInt(s);
    case 'float':
      return Number(s.replace('+Inf', 'Infinity').replace('-Inf', '-Infinity'));
    case 'bool':
      return ['1', 't', 'T', 'TRUE', 'true', 'True'].includes(s);
    default:
      return s;
  }
}

/** Bytes fed to the MAC for an already-decrypted leaf (sops re-formats typed values). */
export function macBytes(value: unknown, type?: SopsType): Buffer {
  if (type === 'str' || type === 'bytes' || type === 'time') return Buffer.from(String(value), 'utf8');
  return leafBytes(value)?.bytes ?? Buffer.alloc(0);
}
