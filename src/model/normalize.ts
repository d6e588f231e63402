import { atLeast, contractName, type Contract } from '../core/contract.js';
import { TalgenError } from '../core/errors.js';
import { didYouMean } from './suggest.js';
import { GoYamlScalar } from '../emit/goyaml.js';
import { encodingOf, reencode } from './go-reencode.js';
import {
  contractBound,
  docSchemaFor,
  goFormat,
  isMapSchema,
  isPointer,
  isScalarSchema,
  isUnstructured,
  knownKinds,
  omitEmpty,
  properties,
  resolve,
  type JsonSchema,
} from './registry.js';

type Obj = Record<string, unknown>;

function entries(v: unknown): [string, unknown][] {
  if (v instanceof Map) return [...v.entries()].map(([k, x]) => [String(k), x]);
  return Object.entries(v as Obj);
}

/** A mapping (plain object or Map); a pre-resolved go-yaml scalar (timestamp, big integer, float) is not one. */
function isObjectLike(v: unknown): boolean {
  return v instanceof Map || (v !== null && typeof v === 'object' && !Array.isArray(v) && !(v instanceof GoYamlScalar));
}

/** Free-form data: Go maps (sorted on output) all the way down. */
export function toGoMap(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(toGoMap);
  if (isObjectLike(v)) return new Map(entries(v).map(([k, x]) => [k, toGoMap(x)]));
  return v;
}

function zeroValue(p: JsonSchema, root: JsonSchema, contract: Contract | undefined, path: string): unknown {
  if (isPointer(p)) return null;
  const s = resolve(p, root);
  if (isMapSchema(s)) return new Map();
  if (isUnstructured(s) || isScalarSchema(s)) return null;
  if (properties(s)) return normalizeValue({}, s, root, contract, path);
  // FileMode marshals itself, zero included: an absent `permissions` prints as `0o0`.
  if (s['x-filemode'] === true) return fileMode(0, path);
  switch (s.type) {
    case 'string':
      return '';
    case 'integer':
    case 'number':
      return 0;
    case 'boolean':
      return false;
    case 'array':
      return [];
    default:
      return null;
  }
}

/** Go's notion of an empty value for `omitempty` (nil pointers only; zero structs recursively). */
export function isZero(v: unknown, p: JsonSchema, root: JsonSchema): boolean {
  if (v === undefined || v === null) return true;
  if (isPointer(p)) return false;
  if (v === '' || v === 0 || v === false) return true;
  if (Array.isArray(v)) return v.length === 0;
  if (v instanceof Map) return v.size === 0;
  if (typeof v === 'object') {
    const props = properties(resolve(p, root)) ?? {};
    for (const k of Object.keys(v)) if (!isZero((v as Obj)[k], props[k] ?? {}, root)) return false;
    return true;
  }
  return false;
}

/** Talos FileMode marshals itself as an octal literal: `0o644`. */
function fileMode(v: unknown, path: string): GoYamlScalar {
  let n: number;
  if (typeof v === 'number') n = v;
  else if (v instanceof GoYamlScalar) return v;
  else if (typeof v === 'string' && /^0o?[0-7]+$/.test(v)) n = parseInt(v.replace(/^0o?/, ''), 8);
  else throw typeError(path, 'a file mode like 0o644', v);
  return new GoYamlScalar(`0o${n.toString(8)}`, '!!int');
}

/**
 * Go types that parse their text case-insensitively and print one canonical spelling, by field path, up to the
 * last contract that has them (`before` is the first contract without).
 */
const CASE_FOLDED: { path: RegExp; before: [major: number, minor: number]; fold: (s: string) => string }[] = [
  // InstallDiskType was go-blockdevice's disk.Type until v1.9 (then a plain string): ParseType lower-cases, String() prints ssd/hdd/nvme/sd.
  { path: /^machine\.install\.diskSelector\.type$/, before: [1, 9], fold: (s) => s.toLowerCase() },
];

function caseFolded(v: string, path: string, contract: Contract | undefined): string {
  const rule = contract && CASE_FOLDED.find((r) => r.path.test(path) && !atLeast(contract, ...r.before));
  return rule ? rule.fold(v) : v;
}

function typeError(path: string, want: string, v: unknown): TalgenError {
  const got = Array.isArray(v) ? 'a list' : isObjectLike(v) ? 'a mapping' : typeof v === 'string' ? 'a string' : `${typeof v} ${JSON.stringify(v)}`;
  return new TalgenError(`expected ${want}, got ${got}`, { path, hint: `write ${want} here (the Talos config reference gives each field's type)` });
}

/**
 * go-yaml stores the element's zero value for a `~` map value: `""` in a map[string]string (extraArgs too before
 * v1.13, when they became ArgValues whose zero value prints as null); nil for pointers, lists, maps, free-form.
 */
function nullMapValue(item: JsonSchema, root: JsonSchema, contract: Contract | undefined): unknown {
  const s = resolve(item, root);
  if (s.type === 'string' && !isScalarSchema(s)) return '';
  const args = isScalarSchema(s) && Array.isArray(s.type) && s.type.includes('array');
  return args && contract && !atLeast(contract, 1, 13) ? '' : null;
}

function normalizeValue(v: unknown, schema: JsonSchema, root: JsonSchema, contract: Contract | undefined, path: string): unknown {
  const s = resolve(schema, root);
  if (isUnstructured(s)) return toGoMap(v);
  // Types that print their own form of what they read (`1m` → `1m0s`, `2001:DB8::/32` → `2001:db8::/32`).
  const encoding = isScalarSchema(s) || goFormat(s) ? encodingOf(s) : undefined;
  if (encoding && !Array.isArray(v)) return reencode(encoding, v, s, path);
  if (isScalarSchema(s)) {
    if (Array.isArray(v) && contract && !atLeast(contract, 1, 13) && Array.isArray(s.type) && s.type.includes('array')) {
      // extraArgs values became string-or-list (meta.Args) in v1.13; before that they are plain strings.
      throw new TalgenError('list values for extra args need Talos v1.13 or newer', { path });
    }
    if (Array.isArray(v) || isObjectLike(v)) return toGoMap(v);
    return v;
  }
  if (isMapSchema(s)) {
    if (!isObjectLike(v)) throw typeError(path, 'a mapping', v);
    const item = (s.additionalProperties ?? {}) as JsonSchema;
    return new Map(entries(v).map(([k, x]) => [k, x === null ? nullMapValue(item, root, contract) : normalizeValue(x, item, root, contract, `${path}.${k}`)]));
  }
  const props = properties(s);
  if (props) {
    if (!isObjectLike(v)) throw typeError(path, 'a mapping', v);
    const given = v instanceof Map ? (Object.fromEntries(entries(v)) as Obj) : (v as Obj);
    for (const key of Object.keys(given)) {
      const p = props[key];
      if (!p) {
        const known = fieldsIn(props, contract);
        throw new TalgenError('unknown field', {
          path: path ? `${path}.${key}` : key,
          hint: didYouMean(key, known) ?? `known fields: ${known.join(', ')}`,
        });
      }
      const bound = contractBound(p, contract);
      if (bound && given[key] !== undefined && !keptNewer(bound, given[key], contract)) {
        throw new TalgenError('unknown field', {
          path: path ? `${path}.${key}` : key,
          hint: bound.since ? `this field exists from Talos ${bound.since} on` : `this field was removed after Talos ${bound.until}`,
        });
      }
    }
    const out: Obj = {};
    for (const { key, p, bound, omit } of fieldsFor(props, contract)) {
      const raw = Object.hasOwn(given, key) ? given[key] : undefined;
      if (bound && !keptNewer(bound, raw, contract)) continue;
      if (raw === undefined || raw === null) {
        if (!omit) out[key] = zeroValue(p, root, contract, path ? `${path}.${key}` : key);
        continue;
      }
      const nv = normalizeValue(raw, p, root, contract, path ? `${path}.${key}` : key);
      if (omit && isZero(nv, p, root)) continue;
      out[key] = nv;
    }
    return out;
  }
  switch (s.type) {
    case 'array': {
      if (!Array.isArray(v)) throw typeError(path, 'a list', v);
      const item = (s.items ?? {}) as JsonSchema;
      // a list of a self-decoding type names the type on the list field (`arpIpTargets`, `allowedIPs`)
      const encoding = isScalarSchema(resolve(item, root)) ? encodingOf(s) : undefined;
      return v.map((x, i) => {
        if (x === null) return null;
        return encoding ? reencode(encoding, x, resolve(item, root), `${path}[${i}]`) : normalizeValue(x, item, root, contract, `${path}[${i}]`);
      });
    }
    case 'string':
      if (typeof v === 'number' || typeof v === 'boolean') return String(v);
      if (typeof v !== 'string') throw typeError(path, 'a string', v);
      return caseFolded(v, path, contract);
    case 'integer':
      if (s['x-filemode'] === true) return fileMode(v, path);
      if (typeof v === 'string' && /^-?\d+$/.test(v)) return Number(v);
      if (v instanceof GoYamlScalar && v.tag === '!!int') return v;
      if (typeof v !== 'number' || !Number.isInteger(v)) throw typeError(path, 'an integer', v);
      return v;
    case 'number':
      if (typeof v !== 'number') throw typeError(path, 'a number', v);
      return v;
    case 'boolean':
      if (typeof v !== 'boolean') throw typeError(path, 'true or false', v);
      return v;
    default:
      return v;
  }
}

/** A struct field as a contract sees it: whether the contract has it (else the bound that excludes it) and omitempty. */
interface FieldRule {
  key: string;
  p: JsonSchema;
  bound: ReturnType<typeof contractBound>;
  omit: boolean;
}

const fieldRules = new WeakMap<Record<string, JsonSchema>, Map<string, FieldRule[]>>();

/** A struct's fields in Go field order (the schema's `properties` order), worked out once per schema and contract. */
function fieldsFor(props: Record<string, JsonSchema>, contract: Contract | undefined): FieldRule[] {
  let byContract = fieldRules.get(props);
  if (!byContract) fieldRules.set(props, (byContract = new Map()));
  const key = contract ? `${contractName(contract)}${contract.newestMachinery ? '+' : ''}` : '';
  let rules = byContract.get(key);
  if (!rules) {
    rules = Object.entries(props).map(([k, p]) => ({ key: k, p, bound: contractBound(p, contract), omit: omitEmpty(p, contract) }));
    byContract.set(key, rules);
  }
  return rules;
}

/** The names of a struct's fields that exist in the contract (for an unknown field's hint). */
function fieldsIn(props: Record<string, JsonSchema>, contract: Contract | undefined): string[] {
  return fieldsFor(props, contract)
    .filter((f) => !f.bound)
    .map((f) => f.key);
}

/** A set field newer than the contract stays when the newest machinery handles the contract's configs (talhelper). */
function keptNewer(bound: { since?: string }, raw: unknown, contract?: Contract): boolean {
  return bound.since !== undefined && contract?.newestMachinery === true && raw !== undefined && raw !== null;
}

/**
 * A parsed or generated document in the form the encoder prints: Talos struct field order, omitempty applied for
 * the contract, zero values for fields without omitempty, Go maps as `Map`s. Unknown fields and type mismatches
 * are errors naming the path (Talos decodes configs strictly).
 */
export function normalizeDocument(doc: unknown, contract?: Contract): unknown {
  if (!isObjectLike(doc)) throw new TalgenError('a config document must be a mapping');
  const d = (doc instanceof Map ? Object.fromEntries(doc) : doc) as Obj;
  const s = docSchemaFor(d);
  if (!s) {
    if (d.kind === undefined)
      throw new TalgenError('document has no kind', { hint: 'multi-document configs need apiVersion and kind on every document except the v1alpha1 one' });
    throw new TalgenError(`unknown document kind "${String(d.kind)}"`, {
      path: 'kind',
      hint: didYouMean(String(d.kind), knownKinds()) ?? 'see schemas/talos/ for the kinds talgen knows',
    });
  }
  // A document kind newer (or older) than the contract is unknown to that Talos's decoder; talhelper links the newest
  // machinery (contract.newestMachinery) and so keeps it, like a newer field.
  const bound = contractBound(s.root, contract);
  if (bound && !keptNewer(bound, d, contract)) {
    throw new TalgenError(`unknown document kind "${String(d.kind)}" for Talos ${contractName(contract!)}`, {
      path: 'kind',
      hint: bound.since ? `${String(d.kind)} exists from Talos ${bound.since} on` : `${String(d.kind)} was removed after Talos ${bound.until}`,
    });
  }
  return normalizeValue(d, s.root, s.root, contract, '');
}
