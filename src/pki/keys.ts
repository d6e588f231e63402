import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { fromPem, toPem } from './pem.js';

/** Key types talgen generates. */
export type KeyType = 'ed25519' | 'ecdsa-p256' | 'rsa-4096';

/** Key types talgen reads: also RSA of other sizes (CAs imported from kubeadm PKI are often RSA-2048). */
export type LoadedKeyType = KeyType | `rsa-${number}`;

/** A private key with its PEM in Talos's encoding (labels of siderolabs/crypto). */
export interface KeyPair {
  type: LoadedKeyType;
  privateKey: KeyObject;
  publicKey: KeyObject;
  /** `ED25519 PRIVATE KEY` (PKCS#8 DER), `EC PRIVATE KEY` (SEC1) or `RSA PRIVATE KEY` (PKCS#1). */
  pem: string;
}

export function generateKey(type: KeyType): KeyPair {
  if (type === 'ed25519') {
    const { privateKey, publicKey } = generateKeyPairSync('ed25519');
    return { type, privateKey, publicKey, pem: toPem('ED25519 PRIVATE KEY', privateKey.export({ type: 'pkcs8', format: 'der' })) };
  }
  if (type === 'ecdsa-p256') {
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
    return { type, privateKey, publicKey, pem: privateKey.export({ type: 'sec1', format: 'pem' }) as string };
  }
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 4096, publicExponent: 0x10001 });
  return { type, privateKey, publicKey, pem: privateKey.export({ type: 'pkcs1', format: 'pem' }) as string };
}

/** Read a private key in any of Talos's encodings (Node refuses the `ED25519 PRIVATE KEY` label by itself). */
export function parsePrivateKey(pem: string): KeyPair {
  const block = fromPem(pem);
  if (!block) throw new Error('not a PEM block');
  let privateKey: KeyObject;
  switch (block.label) {
    case 'ED25519 PRIVATE KEY':
    case 'PRIVATE KEY':
      privateKey = createPrivateKey({ key: block.der, format: 'der', type: 'pkcs8' });
      break;
    case 'EC PRIVATE KEY':
      privateKey = createPrivateKey({ key: block.der, format: 'der', type: 'sec1' });
      break;
    case 'RSA PRIVATE KEY':
      privateKey = createPrivateKey({ key: block.der, format: 'der', type: 'pkcs1' });
      break;
    default:
      throw new Error(`unsupported PEM label "${block.label}"`);
  }
  const kt = privateKey.asymmetricKeyType;
  const details = privateKey.asymmetricKeyDetails;
  const type: LoadedKeyType | undefined =
    kt === 'ed25519'
      ? 'ed25519'
      : kt === 'ec' && details?.namedCurve === 'prime256v1'
        ? 'ecdsa-p256'
        : kt === 'rsa' && details?.modulusLength
          ? `rsa-${details.modulusLength}`
          : undefined;
  if (!type)
    throw new Error(`unsupported key type ${kt}${privateKey.asymmetricKeyDetails?.namedCurve ? ` (${privateKey.asymmetricKeyDetails.namedCurve})` : ''}`);
  return { type, privateKey, publicKey: createPublicKey(privateKey), pem };
}
