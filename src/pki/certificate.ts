import { createHash, randomBytes, sign, X509Certificate, type KeyObject } from 'node:crypto';
import { createRequire } from 'node:module';
import type * as Schema from '@peculiar/asn1-schema';
import type * as X509 from '@peculiar/asn1-x509';
import type { KeyPair } from './keys.js';
import { toPem } from './pem.js';

type Asn1 = typeof Schema & typeof X509;
let asn1: Asn1 | undefined;

/**
 * @peculiar's ASN.1 classes (~90 module files with asn1js and tslib), loaded synchronously on the first certificate
 * built or read: genconfig with a kept talosconfig certificate never needs them.
 */
function lib(): Asn1 {
  if (!asn1) {
    const require = createRequire(import.meta.url);
    asn1 = Object.assign({}, require('@peculiar/asn1-schema'), require('@peculiar/asn1-x509')) as Asn1;
  }
  return asn1;
}

/** Key usages by name (X.509 KeyUsage bits), so callers need not load the ASN.1 library to name them. */
export type KeyUsageName = 'digitalSignature' | 'keyCertSign';
/** Extended key usages by name (id-kp-* OIDs). */
export type ExtKeyUsageName = 'serverAuth' | 'clientAuth';

const OID_ORGANIZATION = '2.5.4.10';
const OID_COMMON_NAME = '2.5.4.3';
const OID_ED25519 = '1.3.101.112';
const OID_ECDSA_SHA256 = '1.2.840.10045.4.3.2';
const OID_RSA_SHA256 = '1.2.840.113549.1.1.11';

const PRINTABLE = /^[A-Za-z0-9 '()+,\-./:=?]*$/;

/** Go pkix semantics: every value of one attribute type in one multi-valued RDN; PrintableString when possible. */
function name(organizations: string[], commonName?: string): X509.Name {
  const { AttributeValue, AttributeTypeAndValue, Name, RelativeDistinguishedName } = lib();
  const value = (s: string) => new AttributeValue(PRINTABLE.test(s) ? { printableString: s } : { utf8String: s });
  const rdns: X509.RelativeDistinguishedName[] = [];
  if (organizations.length) {
    rdns.push(new RelativeDistinguishedName(organizations.map((o) => new AttributeTypeAndValue({ type: OID_ORGANIZATION, value: value(o) }))));
  }
  if (commonName) rdns.push(new RelativeDistinguishedName([new AttributeTypeAndValue({ type: OID_COMMON_NAME, value: value(commonName) })]));
  return new Name(rdns);
}

/** 128-bit random serial as a minimal positive DER INTEGER (Go `big.Int`: leading zeros dropped, sign byte added). */
function serialNumber(): ArrayBuffer {
  let bytes = randomBytes(16);
  let i = 0;
  while (i < bytes.length - 1 && bytes[i] === 0) i++;
  bytes = bytes.subarray(i);
  const out = bytes[0]! & 0x80 ? Buffer.concat([Buffer.from([0]), bytes]) : Buffer.from(bytes);
  return out.buffer.slice(out.byteOffset, out.byteOffset + out.length) as ArrayBuffer;
}

function ab(b: Uint8Array): ArrayBuffer {
  return b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer;
}

function sigAlgorithm(key: KeyObject): X509.AlgorithmIdentifier {
  const { AlgorithmIdentifier } = lib();
  const t = key.asymmetricKeyType;
  if (t === 'ed25519') return new AlgorithmIdentifier({ algorithm: OID_ED25519 });
  if (t === 'ec') return new AlgorithmIdentifier({ algorithm: OID_ECDSA_SHA256 });
  return new AlgorithmIdentifier({ algorithm: OID_RSA_SHA256, parameters: null });
}

function signTBS(tbs: ArrayBuffer, key: KeyObject): Buffer {
  const data = Buffer.from(tbs);
  if (key.asymmetricKeyType === 'ed25519') return sign(null, data, key);
  if (key.asymmetricKeyType === 'ec') return sign('sha256', data, { key, dsaEncoding: 'der' });
  return sign('sha256', data, key);
}

function wholeSeconds(d: Date): Date {
  return new Date(Math.floor(d.getTime() / 1000) * 1000);
}

export interface IssuedCertificate {
  pem: string;
  der: Buffer;
  /** SubjectKeyIdentifier, when the certificate has one. */
  skid?: Buffer;
}

export interface CertificateSpec {
  subjectKey: KeyPair;
  organizations: string[];
  commonName?: string;
  notBefore: Date;
  notAfter: Date;
  isCA: boolean;
  /** Talos CA profile: KU digitalSignature|keyCertSign; client leaf: digitalSignature only. */
  keyUsage: KeyUsageName[];
  extKeyUsage: ExtKeyUsageName[];
  /** Random 20 bytes (crypto ≥ v0.6.1) or SHA-1 of the public key (Go default for CAs). Leafs: none. */
  skid?: 'random' | 'sha1';
  dnsNames?: string[];
  ipAddresses?: string[];
  /** Issuer; absent ⇒ self-signed. The issuer name is the CA certificate's subject, byte for byte (Go: RawSubject). */
  issuer?: { key: KeyPair; cert: IssuedCertificate };
}

/**
 * Build and sign one X.509 v3 certificate in the profile of Go's `x509.CreateCertificate` as siderolabs/crypto
 * calls it: extensions in Go's order (KeyUsage, ExtKeyUsage, BasicConstraints, SubjectKeyId, AuthorityKeyId, SAN).
 */
export function createCertificate(spec: CertificateSpec): IssuedCertificate {
  const x = lib();
  const { AsnConvert, AuthorityKeyIdentifier, BasicConstraints, Certificate, ExtendedKeyUsage, Extension, Extensions, GeneralName, KeyIdentifier, KeyUsage } =
    x;
  const { SubjectAlternativeName, SubjectKeyIdentifier, SubjectPublicKeyInfo, TBSCertificate, Validity, Version } = x;
  const spki = AsnConvert.parse(spec.subjectKey.publicKey.export({ type: 'spki', format: 'der' }), SubjectPublicKeyInfo);
  const extensions: X509.Extension[] = [];
  const keyUsage = new KeyUsage(spec.keyUsage.reduce((bits, u) => bits | x.KeyUsageFlags[u], 0));
  extensions.push(new Extension({ extnID: x.id_ce_keyUsage, critical: true, extnValue: octets(AsnConvert.serialize(keyUsage)) }));
  if (spec.extKeyUsage.length) {
    extensions.push(
      new Extension({
        extnID: x.id_ce_extKeyUsage,
        critical: false,
        extnValue: octets(AsnConvert.serialize(new ExtendedKeyUsage(spec.extKeyUsage.map((u) => x[`id_kp_${u}`])))),
      }),
    );
  }
  if (spec.isCA) {
    extensions.push(
      new Extension({ extnID: x.id_ce_basicConstraints, critical: true, extnValue: octets(AsnConvert.serialize(new BasicConstraints({ cA: true }))) }),
    );
  }
  let skid: Buffer | undefined;
  if (spec.skid === 'random') skid = randomBytes(20);
  if (spec.skid === 'sha1') skid = createHash('sha1').update(Buffer.from(spki.subjectPublicKey)).digest();
  if (skid) {
    extensions.push(
      new Extension({ extnID: x.id_ce_subjectKeyIdentifier, critical: false, extnValue: octets(AsnConvert.serialize(new SubjectKeyIdentifier(ab(skid)))) }),
    );
  }
  const issuerSkid = spec.issuer?.cert.skid;
  if (spec.issuer && issuerSkid) {
    const akid = new AuthorityKeyIdentifier({ keyIdentifier: new KeyIdentifier(ab(issuerSkid)) });
    extensions.push(new Extension({ extnID: x.id_ce_authorityKeyIdentifier, critical: false, extnValue: octets(AsnConvert.serialize(akid)) }));
  }
  const sans = [
    ...(spec.dnsNames ?? []).map((d) => new GeneralName({ dNSName: d })),
    ...(spec.ipAddresses ?? []).map((ip) => new GeneralName({ iPAddress: ip })),
  ];
  if (sans.length) {
    extensions.push(
      new Extension({ extnID: x.id_ce_subjectAltName, critical: false, extnValue: octets(AsnConvert.serialize(new SubjectAlternativeName(sans))) }),
    );
  }

  const signer = spec.issuer?.key ?? spec.subjectKey;
  const alg = sigAlgorithm(signer.privateKey);
  const subject = name(spec.organizations, spec.commonName);
  const tbs = new TBSCertificate({
    version: Version.v3,
    serialNumber: serialNumber(),
    signature: alg,
    issuer: spec.issuer ? AsnConvert.parse(spec.issuer.cert.der, Certificate).tbsCertificate.subject : subject,
    validity: new Validity({ notBefore: wholeSeconds(spec.notBefore), notAfter: wholeSeconds(spec.notAfter) }),
    subject,
    subjectPublicKeyInfo: spki,
    extensions: new Extensions(extensions),
  });
  const tbsDer = AsnConvert.serialize(tbs);
  const cert = new Certificate({ tbsCertificate: tbs, signatureAlgorithm: alg, signatureValue: ab(signTBS(tbsDer, signer.privateKey)) });
  const der = Buffer.from(AsnConvert.serialize(cert));
  return { pem: toPem('CERTIFICATE', der), der, skid };
}

function octets(der: ArrayBuffer): Schema.OctetString {
  return new (lib().OctetString)(der);
}

/** SubjectKeyIdentifier of a PEM certificate (for AKIDs of leaves issued by a loaded CA). */
export function certificateSkid(pem: string): Buffer | undefined {
  const { AsnConvert, Certificate, SubjectKeyIdentifier, id_ce_subjectKeyIdentifier } = lib();
  const x = new X509Certificate(pem);
  const cert = AsnConvert.parse(x.raw, Certificate);
  const e = cert.tbsCertificate.extensions?.find((x2) => x2.extnID === id_ce_subjectKeyIdentifier);
  if (!e) return undefined;
  const ski = AsnConvert.parse(e.extnValue.buffer, SubjectKeyIdentifier);
  return Buffer.from(ski.buffer);
}
