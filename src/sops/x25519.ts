import { createDecipheriv, createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';

/** X25519 keys as node:crypto KeyObjects from raw 32-byte values (DER prefixes of PKCS#8 / SPKI for OID 1.3.101.110). */
export const X25519_PKCS8 = Buffer.from('302e020100300506032b656e04220420', 'hex');
const X25519_SPKI = Buffer.from('302a300506032b656e032100', 'hex');

export function x25519Private(scalar: Buffer): KeyObject {
  return createPrivateKey({ key: Buffer.concat([X25519_PKCS8, scalar]), format: 'der', type: 'pkcs8' });
}

export function x25519Public(raw: Uint8Array): KeyObject {
  return createPublicKey({ key: Buffer.concat([X25519_SPKI, raw]), format: 'der', type: 'spki' });
}

/** The raw 32-byte public key of an X25519 key: its JWK's `x` (RFC 8037), which skips OpenSSL's DER encoder (~0.3 ms on first use). */
export function rawPublic(k: KeyObject): Buffer {
  return Buffer.from(createPublicKey(k).export({ format: 'jwk' }).x!, 'base64url');
}

/** ChaCha20-Poly1305 open (tag appended to the ciphertext, as age writes it); undefined when it does not verify. */
export function chachaOpen(key: Buffer, nonce: Buffer, sealed: Buffer): Buffer | undefined {
  if (sealed.length < 16) return undefined;
  const d = createDecipheriv('chacha20-poly1305', key, nonce, { authTagLength: 16 });
  d.setAuthTag(sealed.subarray(sealed.length - 16));
  try {
    return Buffer.concat([d.update(sealed.subarray(0, sealed.length - 16)), d.final()]);
  } catch {
    return undefined;
  }
}
