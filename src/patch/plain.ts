function hasMap(v: unknown): boolean {
  if (v instanceof Map) return true;
  if (Array.isArray(v)) return v.some(hasMap);
  if (v !== null && typeof v === 'object') {
    for (const k in v as Record<string, unknown>) if (hasMap((v as Record<string, unknown>)[k])) return true;
  }
  return false;
}

/** `v` itself when it holds no `Map`, else a plain copy (patching never mutates its inputs, so no copy is needed). */
export function plainView(v: unknown): unknown {
  return hasMap(v) ? toPlain(v) : v;
}

/** Deep copy with Go maps (`Map`) turned into plain objects, the form patches operate on. */
export function toPlain(v: unknown): unknown {
  if (v instanceof Map) {
    const o: Record<string, unknown> = {};
    for (const [k, x] of v) o[String(k)] = toPlain(x);
    return o;
  }
  if (Array.isArray(v)) return v.map(toPlain);
  if (v !== null && typeof v === 'object') {
    const o: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) o[k] = toPlain(x);
    return o;
  }
  return v;
}

export function isObj(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => deepEqual(x, b[i]));
  if (isObj(a) && isObj(b)) {
    const ka = Object.keys(a);
    return ka.length === Object.keys(b).length && ka.every((k) => deepEqual(a[k], b[k]));
  }
  return false;
}
