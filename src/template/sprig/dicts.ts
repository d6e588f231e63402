import { FuncError, fn, type FuncMap } from '../funcs.js';
import { isMap, mapGet, mapKeys, MISSING, type GoMap } from '../values.js';
import { strval } from './convert.js';

/** Dicts talgen creates are `Map`s (Go maps); data maps may be plain objects. Both read the same. */
function entries(m: GoMap): [string, unknown][] {
  return mapKeys(m).map((k) => [k, mapGet(m, k)]);
}

function toMap(m: GoMap | null): Map<string, unknown> {
  if (m === null) return new Map();
  return m instanceof Map ? m : new Map(Object.entries(m));
}

/** reflect.DeepEqual over the Go value model. */
export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => deepEqual(x, b[i]));
  if (isMap(a) && isMap(b)) {
    const ka = mapKeys(a);
    const kb = mapKeys(b);
    return ka.length === kb.length && ka.every((k, i) => k === kb[i] && deepEqual(mapGet(a, k), mapGet(b, k)));
  }
  return false;
}

function dict(...kv: unknown[]): Map<string, unknown> {
  const m = new Map<string, unknown>();
  for (let i = 0; i < kv.length; i += 2) m.set(strval(kv[i]), i + 1 < kv.length ? kv[i + 1] : '');
  return m;
}

function deepCopy(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(deepCopy);
  if (isMap(v)) return new Map(entries(v).map(([k, x]) => [k, deepCopy(x)]));
  return v;
}

/** mergo semantics as sprig uses them: keys missing (or empty) in `dst` are filled from `src`, maps merge deeply. */
function mergeInto(dst: Map<string, unknown>, src: GoMap, overwrite: boolean): void {
  for (const [k, sv] of entries(src)) {
    const dv = dst.has(k) ? dst.get(k) : MISSING;
    if (isMap(dv) && isMap(sv)) {
      const nested = toMap(dv);
      mergeInto(nested, sv, overwrite);
      dst.set(k, nested);
    } else if (dv === MISSING || dv === null || (overwrite && !isEmptyValue(sv)) || (!overwrite && isEmptyValue(dv))) {
      dst.set(k, deepCopy(sv));
    }
  }
}

function isEmptyValue(v: unknown): boolean {
  return v === null || v === '' || v === 0n || v === 0 || v === false || (Array.isArray(v) && v.length === 0) || (isMap(v) && mapKeys(v).length === 0);
}

function merge(overwrite: boolean) {
  return (dst: GoMap | null, ...srcs: GoMap[]) => {
    const out = toMap(dst);
    for (const s of srcs) if (s !== null) mergeInto(out, s, overwrite);
    return out;
  };
}

/** sprig's `dig "a" "b" default dict`: walk keys, the default when a key is missing. */
function dig(...args: unknown[]): unknown {
  if (args.length < 3) throw new FuncError('dig needs at least three arguments');
  const m = args.at(-1);
  const def = args.at(-2);
  if (!isMap(m)) throw new FuncError('last argument of dig must be a map');
  let cur: unknown = m;
  for (const k of args.slice(0, -2)) {
    if (!isMap(cur)) return def;
    const next = mapGet(cur, strval(k));
    if (next === MISSING) return def;
    cur = next;
  }
  return cur;
}

function mapArg(v: unknown): Map<string, unknown> {
  if (v instanceof Map) return v as Map<string, unknown>;
  throw new FuncError('talgen can only change dicts made by dict, merge or set, not the template data');
}

/**
 * sprig dict functions. `keys`/`values` follow Go map iteration order, which Go randomises: talgen returns them in
 * sorted key order (one of the orders Go may produce), so output stays reproducible.
 */
const BASE: FuncMap = {
  dict: fn([], dict, 'any'),
  get: fn(['map', 'string'], (m: GoMap | null, k: string) => {
    const v = m === null ? MISSING : mapGet(m, k);
    return v === MISSING ? '' : v;
  }),
  set: fn(['map', 'string', 'any'], (m: GoMap | null, k: string, v: unknown) => mapArg(m).set(k, v)),
  unset: fn(['map', 'string'], (m: GoMap | null, k: string) => {
    const map = mapArg(m);
    map.delete(k);
    return map;
  }),
  hasKey: fn(['map', 'string'], (m: GoMap | null, k: string) => m !== null && mapGet(m, k) !== MISSING),
  keys: fn([], (...ms: (GoMap | null)[]) => ms.flatMap((m) => (m === null ? [] : mapKeys(m))), 'map'),
  values: fn(['map'], (m: GoMap | null) => (m === null ? [] : entries(m).map(([, v]) => v))),
  pluck: fn(['string'], (k: string, ...ms: (GoMap | null)[]) => ms.flatMap((m) => (m === null || mapGet(m, k) === MISSING ? [] : [mapGet(m, k)])), 'map'),
  pick: fn(['map'], (m: GoMap | null, ...ks: string[]) => new Map(entries(m ?? {}).filter(([k]) => ks.includes(k))), 'string'),
  omit: fn(['map'], (m: GoMap | null, ...ks: string[]) => new Map(entries(m ?? {}).filter(([k]) => !ks.includes(k))), 'string'),
  merge: fn(['map'], merge(false), 'map'),
  mergeOverwrite: fn(['map'], merge(true), 'map'),
  dig: fn([], dig, 'any'),
  deepCopy: fn(['any'], deepCopy),
  deepEqual: fn(['any', 'any'], deepEqual),
};

export const DICT_FUNCS: FuncMap = {
  ...BASE,
  mustMerge: BASE.merge!,
  mustMergeOverwrite: BASE.mergeOverwrite!,
  mustDeepCopy: BASE.deepCopy!,
};
