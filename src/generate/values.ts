/** Small builders for encoder-ready values (see ARCHITECTURE.md: object = struct order, Map = Go map). */

/** A Go map (sorted on output); nested plain objects become Maps too (free-form/Unstructured data). */
export function goMap(value: Record<string, unknown>): Map<string, unknown> {
  const m = new Map<string, unknown>();
  for (const [k, v] of Object.entries(value)) m.set(k, unstructured(v));
  return m;
}

export function unstructured(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(unstructured);
  if (v instanceof Map) return v;
  if (v !== null && typeof v === 'object') return goMap(v as Record<string, unknown>);
  return v;
}

/** Drop keys whose value is `undefined` (how the generator expresses "omitted"). */
export function struct(fields: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(fields)) if (v !== undefined) out[k] = v;
  return out;
}

export function pemOf(b64: string): string {
  return Buffer.from(b64, 'base64').toString('utf8');
}
