/**
 * The value form patches work on: plain objects (ordered mappings), arrays and scalars. Go maps (`Map`) are
 * turned into plain objects first; instances of other classes (e.g. the emitter's `GoYamlScalar`) are scalars
 * and are shared, never copied or descended into.
 */

type Obj = Record<string, unknown>;

/** A plain mapping: an object literal, not an array, a Map or a class instance. */
export function isObj(v: unknown): v is Obj {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return false;
  const proto = Object.getPrototypeOf(v) as unknown;
  return proto === Object.prototype || proto === null;
}

/**
 * `v` with every Go map (`Map`) turned into a plain object. What holds no `Map` is shared, not copied (patching never
 * mutates its inputs), so only the containers on the way down to a `Map` are new; `v` itself when it holds none.
 */
export function plainView(v: unknown): unknown {
  if (v instanceof Map) {
    const o: Obj = {};
    for (const [k, x] of v) o[String(k)] = plainView(x);
    return o;
  }
  if (Array.isArray(v)) {
    let out: unknown[] | undefined;
    for (let i = 0; i < v.length; i++) {
      const x = plainView(v[i]);
      if (x !== v[i]) (out ??= v.slice())[i] = x;
    }
    return out ?? v;
  }
  if (isObj(v)) {
    let out: Obj | undefined;
    for (const k in v) {
      const x = plainView(v[k]);
      if (x !== v[k]) (out ??= { ...v })[k] = x;
    }
    return out ?? v;
  }
  return v;
}

/** Deep copy of plain data; class instances (immutable scalars) are shared. */
export function clone<T>(v: T): T {
  if (Array.isArray(v)) return v.map(clone) as T;
  if (isObj(v)) {
    const o: Obj = {};
    for (const [k, x] of Object.entries(v)) o[k] = clone(x);
    return o as T;
  }
  return v;
}

export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => deepEqual(x, b[i]));
  if (isObj(a) && isObj(b)) {
    const ka = Object.keys(a);
    return ka.length === Object.keys(b).length && ka.every((k) => k in b && deepEqual(a[k], b[k]));
  }
  return false;
}
