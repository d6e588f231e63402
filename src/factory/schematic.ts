import { createHash } from 'node:crypto';
import { encodeYaml } from '../emit/goyaml.js';
import { didYouMean } from '../model/suggest.js';
import { errorAt, toWhere, type PathPart, type Where } from './where.js';

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
  meta: ['key', 'value'],
  systemExtensions: ['officialExtensions'],
  secureboot: ['enrollKeys', 'includeWellKnownCertificates'],
  diskImage: ['sectorSize'],
};
/** `auto` is the UI's word for "let the factory choose" and means the same as leaving the field out. */
const BOOTLOADERS = ['none', 'auto', 'dual-boot', 'sd-boot', 'grub'];
const ENROLL = ['off', 'manual', 'if-safe', 'force'];

function isObj(v: unknown): v is Obj {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** A strict reader over one schematic value: every error names the field and, when known, file:line:col. */
class Reader {
  constructor(private readonly w: Where) {}

  fail(sub: PathPart[], message: string, hint?: string, key = false): never {
    throw errorAt(this.w, sub, message, { hint, key });
  }

  /** A mapping (or absent) whose keys are all fields of `shape`. */
  map(v: unknown, sub: PathPart[], shape: string): Obj | undefined {
    if (v === undefined || v === null) return undefined;
    if (!isObj(v)) this.fail(sub, `must be a mapping, not ${describe(v)}`);
    const allowed = SHAPE[shape]!;
    for (const k of Object.keys(v)) {
      if (!allowed.includes(k)) {
        this.fail([...sub, k], 'unknown schematic field', suggest(k, allowed) ?? `known fields here: ${allowed.join(', ')}`, true);
      }
    }
    return v;
  }

  str(v: unknown, sub: PathPart[]): string | undefined {
    if (v === undefined || v === null) return undefined;
    if (typeof v !== 'string')
      this.fail(sub, `must be a string, not ${describe(v)}`, typeof v === 'number' || typeof v === 'boolean' ? `quote it: "${String(v)}"` : undefined);
    return v;
  }

  strList(v: unknown, sub: PathPart[]): string[] {
    if (v === undefined || v === null) return [];
    if (!Array.isArray(v)) this.fail(sub, `must be a list of strings, not ${describe(v)}`);
    return v.map((x, i) => {
      if (typeof x !== 'string')
        this.fail(
          [...sub, i],
          `must be a string, not ${describe(x)}`,
          typeof x === 'number' || typeof x === 'boolean' ? `quote it: "${String(x)}"` : undefined,
        );
      return x;
    });
  }

  oneOf(v: unknown, sub: PathPart[], allowed: readonly string[]): string | undefined {
    const s = this.str(v, sub);
    if (s !== undefined && !allowed.includes(s))
      this.fail(sub, `"${s}" is not one of ${allowed.join(', ')}`, didYouMean(s, allowed) ?? `write one of ${allowed.join(', ')}`);
    return s;
  }

  uint(v: unknown, sub: PathPart[], max: number): number | undefined {
    if (v === undefined || v === null) return undefined;
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v > max) this.fail(sub, `must be an integer from 0 to ${max}, not ${describe(v)}`);
    return v;
  }
}

/** A swapped pair of letters (`nmae`) is the likeliest typo; otherwise the closest field by edit distance. */
function suggest(word: string, allowed: readonly string[]): string | undefined {
  const letters = (x: string) => [...x.toLowerCase()].sort().join('');
  const anagram = allowed.find((a) => letters(a) === letters(word));
  return anagram ? `did you mean "${anagram}"?` : didYouMean(word, allowed);
}

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'a mapping';
  if (typeof v === 'string') return JSON.stringify(v);
  return String(v);
}

/**
 * Parse a schematic from any YAML/JSON form, strictly like the factory's decoder: unknown fields and wrong types are
 * errors. `where` (a path string, or file + path + positions) locates errors; positions are relative to `value`.
 */
export function parseSchematic(value: unknown, where?: string | Where): Schematic {
  const r: Reader = new Reader(toWhere(where));
  const root = r.map(value, [], '');
  if (!root) return {};
  const s: Schematic = {};
  const owner = r.str(root.owner, ['owner']);
  if (owner !== undefined) s.owner = owner;
  const o = r.map(root.overlay, ['overlay'], 'overlay');
  if (o) {
    s.overlay = {};
    const image = r.str(o.image, ['overlay', 'image']);
    const name = r.str(o.name, ['overlay', 'name']);
    if (image !== undefined) s.overlay.image = image;
    if (name !== undefined) s.overlay.name = name;
    if (o.options !== undefined && o.options !== null) {
      if (!isObj(o.options)) r.fail(['overlay', 'options'], `must be a mapping, not ${describe(o.options)}`);
      s.overlay.options = o.options;
    }
  }
  const c = r.map(root.customization, ['customization'], 'customization');
  if (c) {
    const at = (...p: PathPart[]): PathPart[] => ['customization', ...p];
    const cust: NonNullable<Schematic['customization']> = {};
    const emc = r.str(c.embeddedMachineConfiguration, at('embeddedMachineConfiguration'));
    if (emc !== undefined) cust.embeddedMachineConfiguration = emc;
    const args = r.strList(c.extraKernelArgs, at('extraKernelArgs'));
    if (c.extraKernelArgs !== undefined && c.extraKernelArgs !== null) cust.extraKernelArgs = args;
    if (c.meta !== undefined && c.meta !== null) {
      if (!Array.isArray(c.meta)) r.fail(at('meta'), `must be a list of {key, value}, not ${describe(c.meta)}`);
      cust.meta = c.meta.map((m: unknown, i: number) => {
        const mm = r.map(m, at('meta', i), 'meta') ?? {};
        const key = r.uint(mm.key, at('meta', i, 'key'), 255) ?? 0;
        return { key, value: r.str(mm.value, at('meta', i, 'value')) ?? '' };
      });
    }
    const se = r.map(c.systemExtensions, at('systemExtensions'), 'systemExtensions');
    if (se) cust.systemExtensions = { officialExtensions: r.strList(se.officialExtensions, at('systemExtensions', 'officialExtensions')) };
    const bootloader = r.oneOf(c.bootloader, at('bootloader'), BOOTLOADERS);
    if (bootloader !== undefined) cust.bootloader = bootloader;
    const sb = r.map(c.secureboot, at('secureboot'), 'secureboot');
    if (sb) {
      cust.secureboot = {};
      const enroll = r.oneOf(sb.enrollKeys, at('secureboot', 'enrollKeys'), ENROLL);
      if (enroll !== undefined) cust.secureboot.enrollKeys = enroll;
      const wk = sb.includeWellKnownCertificates;
      if (wk !== undefined && wk !== null && typeof wk !== 'boolean')
        r.fail(at('secureboot', 'includeWellKnownCertificates'), `must be true or false, not ${describe(wk)}`);
      if (wk === true) cust.secureboot.includeWellKnownCertificates = true;
    }
    const di = r.map(c.diskImage, at('diskImage'), 'diskImage');
    if (di) {
      cust.diskImage = {};
      const size = r.uint(di.sectorSize, at('diskImage', 'sectorSize'), 0xffffffff);
      if (size !== undefined) cust.diskImage.sectorSize = size;
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

/** IDs already computed in this run, by the schematic's JSON text: nodes sharing a schematic hash it once. */
const ids = new Map<string, string>();

/** A value JSON text identifies exactly (plain objects, arrays, strings, booleans, null, finite numbers but -0). */
function jsonExact(v: unknown): boolean {
  if (v === null || typeof v === 'string' || typeof v === 'boolean') return true;
  if (typeof v === 'number') return Number.isFinite(v) && !Object.is(v, -0);
  if (typeof v !== 'object') return false;
  if (Array.isArray(v)) return true;
  const proto = Object.getPrototypeOf(v) as unknown;
  return proto === Object.prototype || proto === null;
}

/** The schematic's JSON text when it identifies the schematic (plain data throughout); undefined otherwise. */
function cacheKey(s: Schematic): string | undefined {
  let exact = true;
  const key = JSON.stringify(s, (_k, v: unknown) => {
    if (!jsonExact(v)) exact = false;
    return exact ? v : null;
  });
  return exact ? key : undefined;
}

/** Schematic ID: lowercase hex SHA-256 of the canonical YAML. */
export function schematicId(s: Schematic): string {
  const key = cacheKey(s);
  let id = key === undefined ? undefined : ids.get(key);
  if (id === undefined) {
    id = createHash('sha256').update(canonicalSchematicYaml(s)).digest('hex');
    if (key !== undefined) ids.set(key, id);
  }
  return id;
}
