import { randomBytes } from 'node:crypto';
import { has } from '../core/contract-traits.js';
import type { Contract } from '../core/contract.js';
import { generateKey } from '../pki/keys.js';
import { newCA, type CA } from '../pki/talos-pki.js';
import type { CertAndKey, SecretsBundle } from './bundle.js';

const TOKEN_ALPHABET = '0123456789abcdefghijklmnopqrstuvwxyz';

/** `n` characters of [0-9a-z]: random bytes ≥ 252 are rejected so every character is equally likely. */
function randomToken(n: number): string {
  let out = '';
  while (out.length < n) {
    for (const b of randomBytes(n * 2)) {
      if (b >= 252) continue;
      out += TOKEN_ALPHABET[b % 36];
      if (out.length === n) break;
    }
  }
  return out;
}

/** Kubernetes bootstrap-token shaped: `[0-9a-z]{6}.[0-9a-z]{16}`. */
export function newToken(): string {
  return `${randomToken(6)}.${randomToken(16)}`;
}

const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64');
const pair = (ca: CA): CertAndKey => ({ crt: b64(ca.cert.pem), key: b64(ca.key.pem) });

/** A fresh bundle in Talos's format and PKI profile for the contract; one clock for every CA. */
export function generateSecretsBundle(contract: Contract, now: Date = new Date()): SecretsBundle {
  const skid = has(contract, 'randomSubjectKeyId') ? 'random' : 'sha1';
  const etcd = newCA({ keyType: 'ecdsa-p256', organization: 'etcd', now, skid });
  const k8s = newCA({ keyType: 'ecdsa-p256', organization: 'kubernetes', now, skid });
  const aggregator = newCA({ keyType: 'ecdsa-p256', now, skid });
  const os = newCA({ keyType: 'ed25519', organization: 'talos', now, skid });
  const sa = generateKey(has(contract, 'rsaServiceAccountKey') ? 'rsa-4096' : 'ecdsa-p256');
  const id = randomBytes(32).toString(has(contract, 'stdBase64ClusterId') ? 'base64' : 'base64url');
  return {
    cluster: {
      // Go's URL encoding keeps '=' padding; Node's base64url drops it.
      id: has(contract, 'stdBase64ClusterId') ? id : `${id}=`,
      secret: randomBytes(32).toString('base64'),
    },
    secrets: { bootstraptoken: newToken(), secretboxencryptionsecret: randomBytes(32).toString('base64') },
    trustdinfo: { token: newToken() },
    certs: { etcd: pair(etcd), k8s: pair(k8s), k8saggregator: pair(aggregator), k8sserviceaccount: { key: b64(sa.pem) }, os: pair(os) },
  };
}
