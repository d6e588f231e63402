import { UsageError } from '../core/errors.js';

/**
 * cac hands options over as string, number, boolean or array depending on how often and how they were given.
 * Options are declared with `{ type: [String] }` so values stay strings (a version `1.30` must not become 1.3);
 * these helpers turn them into the shape a command wants.
 */
export function list(v: unknown, splitCommas = false): string[] {
  if (v === undefined || v === null || v === false) return [];
  const items = (Array.isArray(v) ? v : [v]).map(String);
  return splitCommas ? items.flatMap((s) => s.split(',')).map((s) => s.trim()).filter(Boolean) : items;
}

export function one(v: unknown, name: string): string | undefined {
  const items = list(v);
  if (items.length > 1) throw new UsageError(`--${name} given more than once`);
  return items[0];
}

export function flag(v: unknown, name: string, dflt: boolean): boolean {
  if (v === undefined) return dflt;
  const last = Array.isArray(v) ? v[v.length - 1] : v;
  if (last === true || last === 'true' || last === '') return true;
  if (last === false || last === 'false') return false;
  throw new UsageError(`--${name} takes true or false, not "${String(last)}"`);
}
