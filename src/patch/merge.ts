import { TalgenError } from '../core/errors.js';
import { parseGoDuration, parseHumanBytes } from '../model/gotypes.js';
import { goFormat, isMapSchema, isPointer, isScalarSchema, isUnstructured, properties, resolve, type JsonSchema } from '../model/registry.js';
import { clone, deepEqual, isObj } from './plain.js';

type Obj = Record<string, unknown>;

/**
 * Talos `merge.Merge` (right onto left) over the value form, typed by the document schema:
 *
 * | right                               | result                                                        |
 * | ----------------------------------- | ------------------------------------------------------------- |
 * | absent / null                       | left kept (nil pointer, nil slice/map, zero scalar)            |
 * | string / int on a non-pointer field | overwrites unless "" / 0                                       |
 * | bool                                | always overwrites                                              |
 * | pointer field                       | left nil ⇒ right; else the pointee merges with overwrite       |
 * | list                                | appended; `x-merge: replace` and `x-bytes` replace            |
 * | list with `x-merge-key`             | items with an equal key merge, the others are appended         |
 * | Go map (`x-map`)                    | per key; values merge without overwrite (scalar values replace) |
 * | free-form (`x-unstructured`)        | deep merge; a key's two values must have the same type         |
 * | struct                              | field by field                                                 |
 *
 * Inputs are never mutated: merged containers are fresh copies, values taken from the right are cloned.
 */
export function mergeDocument(left: Obj, right: Obj, root: JsonSchema): Obj {
  return mergeStruct(left, right, root, root, '') as Obj;
}

const join = (path: string, k: string) => (path ? `${path}.${k}` : k);

function mismatch(path: string, left: unknown, right: unknown): TalgenError {
  return new TalgenError(`merge type mismatch: left is ${goKind(left)}, right is ${goKind(right)}`, { path: path || undefined });
}

function goKind(v: unknown): string {
  if (Array.isArray(v)) return 'a list';
  if (isObj(v)) return 'a mapping';
  if (typeof v === 'string') return 'a string';
  if (typeof v === 'number') return Number.isInteger(v) ? 'an integer' : 'a float';
  if (typeof v === 'boolean') return 'a bool';
  return typeof v;
}

const isNil = (v: unknown) => v === undefined || v === null;

/** Go zero value of a scalar as the decoder would read it (for the "zero does not overwrite" rule). */
function isZeroScalar(v: unknown, s: JsonSchema): boolean {
  if (v === '' || v === 0) return true;
  const format = goFormat(s);
  if (format === 'go-duration' && typeof v === 'string') return parseGoDuration(v) === 0;
  if (format === 'go-bytes-size' && typeof v === 'string') return parseHumanBytes(v) === 0;
  return false;
}

function mergeStruct(left: unknown, right: unknown, s: JsonSchema, root: JsonSchema, path: string): unknown {
  if (!isObj(right)) throw mismatch(path, left, right);
  if (isNil(left)) left = {};
  if (!isObj(left)) throw mismatch(path, left, right);
  const props = properties(s) ?? {};
  const out: Obj = { ...left };
  for (const [k, r] of Object.entries(right)) {
    const p = props[k];
    if (!p) throw new TalgenError('unknown field', { path: join(path, k) });
    const merged = mergeField(out[k], r, p, root, join(path, k));
    if (merged === undefined) delete out[k];
    else out[k] = merged;
  }
  // A plain (non-pointer) bool the right side leaves out is `false` there, and bools always overwrite.
  for (const k of plainBools(props, root)) {
    if (!(k in right) && out[k] === true) out[k] = false;
  }
  return out;
}

const plainBoolFields = new WeakMap<Record<string, JsonSchema>, string[]>();

/** A struct's plain (non-pointer) bool fields, listed once per schema: every patch of every node merges structs. */
function plainBools(props: Record<string, JsonSchema>, root: JsonSchema): string[] {
  let list = plainBoolFields.get(props);
  if (!list) {
    list = Object.entries(props)
      .filter(([, p]) => !isPointer(p) && resolve(p, root).type === 'boolean')
      .map(([k]) => k);
    plainBoolFields.set(props, list);
  }
  return list;
}

function mergeField(left: unknown, right: unknown, p: JsonSchema, root: JsonSchema, path: string): unknown {
  if (isNil(right)) return left;
  const replace = p['x-merge'] === 'replace';
  if (isPointer(p)) {
    if (isNil(left)) return clone(right);
    return mergeValue(left, right, p, root, path, replace, true);
  }
  return mergeValue(left, right, p, root, path, replace, false);
}

function mergeValue(left: unknown, right: unknown, schema: JsonSchema, root: JsonSchema, path: string, replace: boolean, overwrite: boolean): unknown {
  if (isNil(right)) return left;
  const s = resolve(schema, root);
  if (s['x-merge'] === 'replace') replace = true;
  if (s['x-bytes'] === true) return clone(right);
  if (isUnstructured(s)) {
    if (replace) return clone(right);
    return mergeFree(left, right, path, overwrite);
  }
  if (isScalarSchema(s)) {
    if (schema['x-go'] === 'Endpoint' && typeof left === 'string' && typeof right === 'string') return mergeURL(left, right);
    if (!overwrite && isZeroScalar(right, s) && !isNil(left)) return left;
    return clone(right);
  }
  if (isMapSchema(s)) {
    if (!isObj(right)) throw mismatch(path, left, right);
    if (replace) return clone(right);
    if (isNil(left)) left = {};
    if (!isObj(left)) throw mismatch(path, left, right);
    const item = (s.additionalProperties ?? {}) as JsonSchema;
    const itemScalar = isScalarSchema(resolve(item, root));
    const out: Obj = { ...left };
    for (const [k, r] of Object.entries(right)) {
      // Talos Args (extraArgs) merge with maps.Copy: a key's value is replaced as a whole.
      if (isNil(out[k]) || itemScalar) out[k] = clone(r);
      else out[k] = mergeValue(out[k], r, item, root, `${path}[${k}]`, false, false);
    }
    return out;
  }
  if (properties(s)) {
    if (replace) return isObj(right) && Object.keys(right).length === 0 ? left : clone(right);
    return mergeStruct(left, right, s, root, path);
  }
  if (s.type === 'array' || Array.isArray(right)) {
    if (!Array.isArray(right)) throw mismatch(path, left, right);
    if (isNil(left)) return clone(right);
    if (!Array.isArray(left)) throw mismatch(path, left, right);
    if (replace) return clone(right);
    const keys = (schema['x-merge-key'] ?? s['x-merge-key']) as string[] | undefined;
    if (keys) return mergeKeyed(left, right, keys, (s.items ?? {}) as JsonSchema, root, path);
    return [...left, ...clone(right)];
  }
  // Scalars: bools always overwrite; "" and 0 only through a pointer.
  if (typeof right === 'boolean') return right;
  if (!overwrite && isZeroScalar(right, s) && !isNil(left)) return left;
  return clone(right);
}

/** Go `==` on two structs: equal scalar fields, pointer fields equal only when both are nil. */
function goStructEqual(a: unknown, b: unknown, schema: JsonSchema, root: JsonSchema): boolean {
  const s = resolve(schema, root);
  const props = properties(s);
  if (!props || !isObj(a) || !isObj(b)) return deepEqual(a, b);
  return Object.entries(props).every(([k, p]) => {
    if (isPointer(p)) return isNil(a[k]) && isNil(b[k]);
    const x = isNil(a[k]) ? '' : a[k];
    const y = isNil(b[k]) ? '' : b[k];
    return deepEqual(x, y);
  });
}

const zeroish = (v: unknown) => isNil(v) || v === '' || v === 0;

/**
 * Talos's custom list merges (network interfaces, VLANs, admission plugins, extension config files): an item
 * whose key equals an existing item's merges into it, otherwise it is appended. With several keys the first
 * one the right item sets decides (interfaces: `interface`, else `deviceSelector`); with one key, zero values
 * match each other.
 */
function mergeKeyed(left: unknown[], right: unknown[], keys: string[], itemSchema: JsonSchema, root: JsonSchema, path: string): unknown[] {
  const out = [...left];
  const itemProps = properties(resolve(itemSchema, root)) ?? {};
  for (const item of right) {
    let idx = -1;
    if (isObj(item)) {
      if (keys.length === 1) {
        const k = keys[0]!;
        idx = out.findIndex((x) => isObj(x) && (zeroish(x[k]) && zeroish(item[k]) ? true : deepEqual(x[k], item[k])));
      } else {
        const k = keys.find((key) => !zeroish(item[key]));
        if (k !== undefined) {
          const p = itemProps[k];
          idx = out.findIndex(
            (x) => isObj(x) && !isNil(x[k]) && (p && properties(resolve(p, root)) ? goStructEqual(x[k], item[k], p, root) : deepEqual(x[k], item[k])),
          );
        }
      }
    }
    if (idx >= 0) out[idx] = mergeStruct(out[idx], item, resolve(itemSchema, root), root, `${path}[${idx}]`);
    else out.push(clone(item));
  }
  return out;
}

/**
 * Free-form values (Go `map[string]any` / Unstructured): mappings merge per key, lists append, scalars follow
 * the zero rule; a key holding values of different types on the two sides is an error, as in Talos.
 */
function mergeFree(left: unknown, right: unknown, path: string, overwrite: boolean): unknown {
  if (isNil(right)) return left;
  if (isNil(left)) return clone(right);
  if (isObj(left) && isObj(right)) {
    const out: Obj = { ...left };
    for (const [k, r] of Object.entries(right)) {
      const l = out[k];
      if (isNil(l)) {
        out[k] = clone(r);
        continue;
      }
      if (isNil(r)) continue;
      if (goKind(l) !== goKind(r)) throw mismatch(`${path}.${k}`, l, r);
      out[k] = mergeFree(l, r, `${path}.${k}`, false);
    }
    return out;
  }
  if (Array.isArray(left) && Array.isArray(right)) return [...left, ...clone(right)];
  if (goKind(left) !== goKind(right)) throw mismatch(path, left, right);
  if (typeof right === 'boolean') return right;
  if (!overwrite && (right === '' || right === 0)) return left;
  return clone(right);
}

/**
 * Talos merges `*Endpoint` (a wrapped url.URL) field by field: empty URL parts of the patch keep the original's,
 * so `https://10.0.0.1` merged onto `https://10.0.0.1/` keeps the path `/`.
 */
function mergeURL(left: string, right: string): string {
  const l = urlParts(left);
  const r = urlParts(right);
  if (!l || !r) return right;
  const pick = (k: keyof UrlParts) => r[k] || l[k];
  return `${pick('scheme')}://${pick('userinfo')}${pick('host')}${pick('path')}${pick('query')}${pick('fragment')}`;
}

type UrlParts = Record<'scheme' | 'userinfo' | 'host' | 'path' | 'query' | 'fragment', string>;

/** The parts of a `scheme://[userinfo@]host[/path][?query][#fragment]` URL as url.Parse keeps them (host case included). */
function urlParts(u: string): UrlParts | undefined {
  const m = /^([a-zA-Z][a-zA-Z0-9+.-]*):\/\/(?:([^@/?#]*)@)?([^/?#]*)([^?#]*)(\?[^#]*)?(#.*)?$/.exec(u);
  if (!m) return undefined;
  return { scheme: m[1]!.toLowerCase(), userinfo: m[2] ? `${m[2]}@` : '', host: m[3]!, path: m[4]!, query: m[5] ?? '', fragment: m[6] ?? '' };
}
