import { createCertificate, type IssuedCertificate } from './certificate.js';
import { generateKey, type KeyPair, type KeyType } from './keys.js';

const HOUR = 3600_000;
export const CA_VALIDITY_HOURS = 87600;

export interface CA {
  key: KeyPair;
  cert: IssuedCertificate;
  organizations: string[];
}

/** Talos CA (siderolabs/crypto NewSelfSignedCertificateAuthority): only Organization is copied into the subject. */
export function newCA(opts: { keyType: KeyType; organization?: string; now: Date; skid: 'random' | 'sha1' }): CA {
  const key = generateKey(opts.keyType);
  const organizations = opts.organization ? [opts.organization] : [];
  const cert = createCertificate({
    subjectKey: key,
    organizations,
    notBefore: opts.now,
    notAfter: new Date(opts.now.getTime() + CA_VALIDITY_HOURS * HOUR),
    isCA: true,
    keyUsage: ['digitalSignature', 'keyCertSign'],
    extKeyUsage: ['serverAuth', 'clientAuth'],
    skid: opts.skid,
  });
  return { key, cert, organizations };
}

/** Talos API client certificate (talosctl admin cert): Ed25519, O = roles sorted, no CN, clientAuth only. */
export function newClientCertificate(ca: CA, opts: { roles: string[]; ttlHours: number; now: Date }): { cert: IssuedCertificate; key: KeyPair } {
  const key = generateKey('ed25519');
  const cert = createCertificate({
    subjectKey: key,
    organizations: [...new Set(opts.roles)].sort(),
    notBefore: opts.now,
    notAfter: new Date(opts.now.getTime() + opts.ttlHours * HOUR),
    isCA: false,
    keyUsage: ['digitalSignature'],
    extKeyUsage: ['clientAuth'],
    issuer: { key: ca.key, cert: ca.cert },
  });
  return { cert, key };
}

/** A server certificate from a CA (tests: a Talos-API-like TLS endpoint). */
export function newServerCertificate(ca: CA, opts: { dnsNames: string[]; ipAddresses: string[]; now: Date }): { cert: IssuedCertificate; key: KeyPair } {
  const key = generateKey('ed25519');
  const cert = createCertificate({
    subjectKey: key,
    organizations: [],
    commonName: 'talos-server',
    notBefore: opts.now,
    notAfter: new Date(opts.now.getTime() + 8760 * HOUR),
    isCA: false,
    keyUsage: ['digitalSignature'],
    extKeyUsage: ['serverAuth'],
    dnsNames: opts.dnsNames,
    ipAddresses: opts.ipAddresses,
    issuer: { key: ca.key, cert: ca.cert },
  });
  return { cert, key };
}
