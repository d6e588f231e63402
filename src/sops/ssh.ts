import { createCipheriv, createHash, diffieHellman, generateKeyPairSync, hkdfSync, webcrypto } from 'node:crypto';
import type { Identity, Recipient, Stanza } from 'age-encryption';
import { chachaOpen, rawPublic, x25519Private, x25519Public, X25519_PKCS8 } from './x25519.js';

/**
 * OpenSSH ed25519 keys as age identities, both ways sops users meet them:
 * - `ssh-ed25519` recipient stanzas (`age -R ~/.ssh/id_ed25519.pub`, sops ≥ 3.10 ssh recipients), per the age spec;
 * - X25519 recipients derived from the ssh key the ssh-to-age way (sops-nix), via the same X25519 scalar.
 */
export interface SshKey {
  seed: Buffer;
  publicKey: Buffer;
  /** SSH wire format of the public key (string "ssh-ed25519" + string key). */
  wire: Buffer;
}

function readString(buf: Buffer, off: number): [Buffer, number] {
  const len = buf.readUInt32BE(off);
  return [buf.subarray(off + 4, off + 4 + len), off + 4 + len];
}

/** Parse an unencrypted OpenSSH ed25519 private key; 'encrypted' when it needs a passphrase; undefined if not one. */
export function parseOpenSshEd25519(text: string): SshKey | 'encrypted' | undefined {
  const m = /-----BEGIN OPENSSH PRIVATE KEY-----([\s\S]*?)-----END OPENSSH PRIVATE KEY-----/.exec(text);
  if (!m) return undefined;
  const buf = Buffer.from(m[1]!.replace(/\s+/g, ''), 'base64');
  const magic = 'openssh-key-v1\0';
  if (buf.subarray(0, magic.length).toString('latin1') !== magic) return undefined;
  let off = magic.length;
  let cipher: Buffer;
  [cipher, off] = readString(buf, off);
  if (cipher.toString() !== 'none') return 'encrypted';
  [, off] = readString(buf, off); // kdf name
  [, off] = readString(buf, off); // kdf options
  const n = buf.readUInt32BE(off);
  off += 4;
  if (n !== 1) return undefined;
  let pubBlob: Buffer;
  [pubBlob, off] = readString(buf, off);
  let priv: Buffer;
  [priv] = readString(buf, off);
  let p = 8; // two check ints
  let type: Buffer;
  [type, p] = readString(priv, p);
  if (type.toString() !== 'ssh-ed25519') return undefined;
  let pub: Buffer;
  [pub, p] = readString(priv, p);
  let sk: Buffer;
  [sk] = readString(priv, p);
  return { seed: Buffer.from(sk.subarray(0, 32)), publicKey: Buffer.from(pub), wire: Buffer.from(pubBlob) };
}

/** The X25519 scalar of an ed25519 key (first half of SHA-512 of the seed; X25519 clamps it). */
function scalarOf(key: SshKey): Buffer {
  return createHash('sha512').update(key.seed).digest().subarray(0, 32);
}

const INFO = 'age-encryption.org/v1/ssh-ed25519';

/** age `ssh-ed25519` stanza identity. */
export function sshEd25519Identity(key: SshKey): Identity {
  const tag = createHash('sha256').update(key.wire).digest().subarray(0, 4).toString('base64').replace(/=+$/, '');
  const sk = x25519Private(scalarOf(key));
  const pk = rawPublic(sk);
  const tweak = x25519Private(Buffer.from(hkdfSync('sha256', Buffer.alloc(0), key.wire, INFO, 32)));
  return {
    unwrapFileKey(stanzas: Stanza[]): Uint8Array | null {
      for (const s of stanzas) {
        if (s.args[0] !== 'ssh-ed25519' || s.args[1] !== tag || s.args.length !== 3) continue;
        const share = Buffer.from(s.args[2]!, 'base64');
        const inner = diffieHellman({ privateKey: sk, publicKey: x25519Public(share) });
        const shared = diffieHellman({ privateKey: tweak, publicKey: x25519Public(inner) });
        const wrapKey = Buffer.from(hkdfSync('sha256', shared, Buffer.concat([share, pk]), INFO, 32));
        const fileKey = chachaOpen(wrapKey, Buffer.alloc(12), Buffer.from(s.body));
        if (!fileKey) throw new Error('ssh-ed25519 stanza: wrong key or corrupted file key');
        return fileKey;
      }
      return null;
    },
  };
}

/** The ssh key's X25519 scalar as a WebCrypto key: opens X25519 recipients made with ssh-to-age. */
export async function sshToAgeIdentity(key: SshKey): Promise<webcrypto.CryptoKey> {
  return webcrypto.subtle.importKey('pkcs8', Buffer.concat([X25519_PKCS8, scalarOf(key)]), { name: 'X25519' }, false, ['deriveBits']);
}

const P = 2n ** 255n - 19n;

function modPow(b: bigint, e: bigint): bigint {
  let r = 1n;
  b %= P;
  while (e > 0n) {
    if (e & 1n) r = (r * b) % P;
    b = (b * b) % P;
    e >>= 1n;
  }
  return r;
}

/** Ed25519 public key (Edwards y) → X25519 public key (Montgomery u = (1+y)/(1-y) mod p), little-endian. */
function edwardsToMontgomery(pub: Buffer): Buffer {
  const le = Buffer.from(pub);
  le[31]! &= 0x7f;
  const y = BigInt(`0x${Buffer.from(le).reverse().toString('hex')}`);
  const u = (((1n + y) % P) * modPow((1n - y + P) % P, P - 2n)) % P;
  return Buffer.from(u.toString(16).padStart(64, '0'), 'hex').reverse();
}

/** Parse an `ssh-ed25519 AAAA… [comment]` public key line; undefined when it is not one. */
export function parseSshEd25519Public(line: string): { wire: Buffer; publicKey: Buffer } | undefined {
  const m = /^ssh-ed25519\s+([A-Za-z0-9+/]+={0,2})(?:\s|$)/.exec(line.trim());
  if (!m) return undefined;
  const wire = Buffer.from(m[1]!, 'base64');
  try {
    const [type, off] = readString(wire, 0);
    if (type.toString() !== 'ssh-ed25519') return undefined;
    const [pub] = readString(wire, off);
    return pub.length === 32 ? { wire, publicKey: Buffer.from(pub) } : undefined;
  } catch {
    return undefined;
  }
}

/** age `ssh-ed25519` recipient (what `age -R id_ed25519.pub` and sops's ssh recipients write), per the age spec. */
export async function sshEd25519Recipient(line: string): Promise<Recipient | undefined> {
  const key = parseSshEd25519Public(line);
  if (!key) return undefined;
  const { Stanza } = await import('age-encryption');
  const tag = createHash('sha256').update(key.wire).digest().subarray(0, 4).toString('base64').replace(/=+$/, '');
  const pk = edwardsToMontgomery(key.publicKey);
  const tweak = x25519Private(Buffer.from(hkdfSync('sha256', Buffer.alloc(0), key.wire, INFO, 32)));
  return {
    wrapFileKey(fileKey: Uint8Array): Stanza[] {
      const eph = generateKeyPairSync('x25519');
      const share = rawPublic(eph.privateKey);
      const inner = diffieHellman({ privateKey: eph.privateKey, publicKey: x25519Public(pk) });
      const shared = diffieHellman({ privateKey: tweak, publicKey: x25519Public(inner) });
      const wrapKey = Buffer.from(hkdfSync('sha256', shared, Buffer.concat([share, pk]), INFO, 32));
      const c = createCipheriv('chacha20-poly1305', wrapKey, Buffer.alloc(12), { authTagLength: 16 });
      const body = Buffer.concat([c.update(fileKey), c.final(), c.getAuthTag()]);
      return [new Stanza(['ssh-ed25519', tag, share.toString('base64').replace(/=+$/, '')], body)];
    },
  };
}
