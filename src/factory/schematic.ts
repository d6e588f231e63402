import { createHash } from 'node:crypto';
import { TalgenError } from '../core/errors.js';
import { encodeYaml } from '../emit/goyaml.js';
import { didYouMean } from '../model/suggest.js';

/** Image Factory schematic (customization of boot assets), in the factory's field order. */
export interface Schematic {
  owner?: string;
  overlay?: { image?: string; name?: string; options?: Record<string, unknown> };
  customization?: {
    embeddedMachineConfiguration?: string;
    extraKernelArgs?: string[];
    meta?: { key: number; value: string }[];
    systemExtensions?: { officialExtensions?: string[] };
    bootloader?: string;
    secureboot?: { enrollKeys?: string; includeWellKnownCertificates?: boolean };
    diskImage?: { sectorSize?: number };
  };
}

type Obj = Record<string, unknown>;

const SHAPE: Record<string, readonly string[]> = {
  '': ['owner', 'overlay', 'customization'],
  overlay: ['image', 'name', 'options'],
  customization: ['embeddedMachineConfiguration', 'extraKernelArgs', 'meta', 'systemExtensions', 'bootloader', 'secureboot', 'diskImage'],
  'customization.meta[]': ['key', 'value'],
  'customization.systemExtensions': ['officialExtensions'],
  'customization.secureboot': ['enrollKeys', 'includeWellKnownCertificates'],
  'customization.diskImage': ['sectorSize'],
};
const BOOTLOADERS = ['none', 'auto', 'dual-boot', 'sd-boot', 'grub'];
const ENROLL = ['off', 'manual', 'if-safe', 'force'];

function isObj(v: unknown): v is Obj {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

function checkKeys(v: Obj, shape: string, path: string): void {
  const allowed = SHAPE[shape]!;
  for (const k of Object.keys(v)) {
    if (!allowed.includes(k)) {
      throw new TalgenError('unknown schematic field', { path: path ? `${path}.${k}` : k, hint: didYouMean(k, allowed) ?? `known fields: ${allowed.join(', ')}` });
    }
  }
}

function strList(v: unknown, path: string): string[] {
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v)) throw new TalgenError('must be a list of strings', { path });
  return v.map((x, i) => {
    if (typeof x !== 'string') throw new TalgenError('must be a string', { path: `${path}[${i}]` });
    return x;
  });
}

/** Parse a schematic strictly (unknown fields are errors, like the factory's decoder). `path` prefixes error paths. */
export function parseSchematic(value: unknown, path = ''): Schematic {
  const at = (p: string) => (path ? `${path}.${p}` : p);
  if (value === undefined || value === null) return {};
  if (!isObj(value)) throw new TalgenError('a schematic must be a mapping', { path: path || undefined });
  checkKeys(value, '', path);
  const s: Schematic = {};
  if (value.owner !== undefined) s.owner = String(value.owner);
  if (value.overlay !== undefined && value.overlay !== null) {
    if (!isObj(value.overlay)) throw new TalgenError('must be a mapping', { path: at('overlay') });
    checkKeys(value.overlay, 'overlay', at('overlay'));
    const o = value.overlay;
    s.overlay = {
      image: o.image === undefined ? undefined : String(o.image),
      name: o.name === undefined ? undefined : String(o.name),
      options: o.options === undefined || o.options === null ? undefined : (o.options as Record<string, unknown>),
    };
    if (s.overlay.options !== undefined && !isObj(s.overlay.options)) throw new TalgenError('must be a mapping', { path: at('overlay.options') });
  }
  const c = value.customization;
  if (c !== undefined && c !== null) {
    if (!isObj(c)) throw new TalgenError('must be a mapping', { path: at('customization') });
    checkKeys(c, 'customization', at('customization'));
    const cust: NonNullable<Schematic['customization']> = {};
    if (c.embeddedMachineConfiguration !== undefined) cust.embeddedMachineConfiguration = String(c.embeddedMachineConfiguration);
    cust.extraKernelArgs = strList(c.extraKernelArgs, at('customization.extraKernelArgs'));
    if (c.meta !== undefined && c.meta !== null) {
      if (!Array.isArray(c.meta)) throw new TalgenError('must be a list of {key, value}', { path: at('customization.meta') });
      cust.meta = c.meta.map((m, i) => {
        const p = at(`customization.meta[${i}]`);
        if (!isObj(m)) throw new TalgenError('must be a mapping with key and value', { path: p });
        checkKeys(m, 'customization.meta[]', p);
        const key = typeof m.key === 'string' ? Number(m.key) : m.key;
        if (typeof key !== 'number' || !Number.isInteger(key) || key < 0 || key > 255) throw new TalgenError('meta key must be an integer 0–255', { path: `${p}.key` });
        return { key, value: m.value === undefined || m.value === null ? '' : String(m.value) };
      });
    }
    if (c.systemExtensions !== undefined && c.systemExtensions !== null) {
      if (!isObj(c.systemExtensions)) throw new TalgenError('must be a mapping', { path: at('customization.systemExtensions') });
      checkKeys(c.systemExtensions, 'customization.systemExtensions', at('customization.systemExtensions'));
      cust.systemExtensions = { officialExtensions: strList(c.systemExtensions.officialExtensions, at('customization.systemExtensions.officialExtensions')) };
    }
    if (c.bootloader !== undefined && c.bootloader !== null) {
      const b = String(c.bootloader);
      if (!BOOTLOADERS.includes(b)) throw new TalgenError(`bootloader must be one of ${BOOTLOADERS.join(', ')}`, { path: at('customization.bootloader') });
      cust.bootloader = b;
    }
    if (c.secureboot !== undefined && c.secureboot !== null) {
      if (!isObj(c.secureboot)) throw new TalgenError('must be a mapping', { path: at('customization.secureboot') });
      checkKeys(c.secureboot, 'customization.secureboot', at('customization.secureboot'));
      const e = c.secureboot.enrollKeys;
      if (e !== undefined && e !== null && !ENROLL.includes(String(e))) throw new TalgenError(`enrollKeys must be one of ${ENROLL.join(', ')}`, { path: at('customization.secureboot.enrollKeys') });
      cust.secureboot = { enrollKeys: e === undefined || e === null ? undefined : String(e), includeWellKnownCertificates: c.secureboot.includeWellKnownCertificates === true };
    }
    if (c.diskImage !== undefined && c.diskImage !== null) {
      if (!isObj(c.diskImage)) throw new TalgenError('must be a mapping', { path: at('customization.diskImage') });
      checkKeys(c.diskImage, 'customization.diskImage', at('customization.diskImage'));
      cust.diskImage = { sectorSize: c.diskImage.sectorSize === undefined ? undefined : Number(c.diskImage.sectorSize) };
    }
    s.customization = cust;
  }
  return s;
}

function goMapDeep(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(goMapDeep);
  if (isObj(v)) return new Map(Object.entries(v).map(([k, x]) => [k, goMapDeep(x)]));
  return v;
}

/** The factory's canonical YAML: field order fixed, omitempty everywhere except `customization`. */
export function canonicalSchematicYaml(s: Schematic): string {
  const doc: Obj = {};
  if (s.owner) doc.owner = s.owner;
  const o = s.overlay;
  if (o && (o.image || o.name || (o.options && Object.keys(o.options).length))) {
    const ov: Obj = { image: o.image ?? '', name: o.name ?? '' };
    if (o.options && Object.keys(o.options).length) ov.options = goMapDeep(o.options);
    doc.overlay = ov;
  }
  const c = s.customization ?? {};
  const cust: Obj = {};
  if (c.embeddedMachineConfiguration) cust.embeddedMachineConfiguration = c.embeddedMachineConfiguration;
  if (c.extraKernelArgs?.length) cust.extraKernelArgs = c.extraKernelArgs;
  if (c.meta?.length) cust.meta = c.meta.map((m) => ({ key: m.key, value: m.value }));
  if (c.systemExtensions?.officialExtensions?.length) cust.systemExtensions = { officialExtensions: c.systemExtensions.officialExtensions };
  if (c.bootloader && c.bootloader !== 'none' && c.bootloader !== 'auto') cust.bootloader = c.bootloader;
  const sb: Obj = {};
  if (c.secureboot?.enrollKeys) sb.enrollKeys = c.secureboot.enrollKeys;
  if (c.secureboot?.includeWellKnownCertificates) sb.includeWellKnownCertificates = true;
  if (Object.keys(sb).length) cust.secureboot = sb;
  if (c.diskImage?.sectorSize) cust.diskImage = { sectorSize: c.diskImage.sectorSize };
  doc.customization = cust;
  return encodeYaml(doc, { indent: 4, flavor: 'v4' });
}

/** Schematic ID: lowercase hex SHA-256 of the canonical YAML. */
export function schematicId(s: Schematic): string {
  return createHash('sha256').update(canonicalSchematicYaml(s)).digest('hex');
}
