import { formatValue } from '../format.js';
import { isMap, isStruct, mapSize, MISSING, NilPointer } from '../values.js';

/** sprig's `strval` (`toString`): strings as is, anything else as `%v`. */
export function strval(v: unknown): string {
  if (typeof v === 'string') return v;
  return formatValue(v === MISSING ? null : v);
}

/** spf13/cast `ToInt64` as sprig uses it: numbers truncate, bools are 0/1, strings parse (base prefixes allowed), else 0. */
export function toInt64(v: unknown): bigint {
  if (typeof v === 'bigint') return v;
  if (typeof v === 'number') return Number.isFinite(v) ? BigInt(Math.trunc(v)) : 0n;
  if (typeof v === 'boolean') return v ? 1n : 0n;
  if (typeof v === 'string') {
    const s = v.replace(/^([+-]?\d+)\.0*$/, '$1');
    const m = /^([+-]?)(0[xX][0-9a-fA-F_]+|0[bB][01_]+|0[oO]?[0-7_]+|[1-9][0-9_]*|0)$/.exec(s);
    if (!m) return 0n;
    const body = m[2]!.replace(/_/g, '');
    const n = BigInt(/^0[0-7]+$/.test(body) ? `0o${body.slice(1)}` : body.replace(/^0O/, '0o'));
    return m[1] === '-' ? -n : n;
  }
  return 0n;
}

/** spf13/cast `ToFloat64`: numbers, bools 0/1, strings that parse as Go floats, else 0. */
export function toFloat64(v: unknown): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'bigint') return Number(v);
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (typeof v === 'string' && /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(v.trim()) && v.trim() === v) return Number(v);
  return 0;
}

/** sprig's `strslice`: a list's non-nil items as strings; nil is empty; any other value is a one-item list. */
export function strslice(v: unknown): string[] {
  if (v === null || v === MISSING) return [];
  if (Array.isArray(v)) return v.filter((x) => x !== null && x !== undefined).map(strval);
  return [strval(v)];
}

/** sprig's `empty`: nil, zero numbers, false, and empty strings/lists/maps. Structs are never empty. */
export function empty(v: unknown): boolean {
  if (v === null || v === MISSING || v instanceof NilPointer || v === undefined) return true;
  if (typeof v === 'string') return v.length === 0;
  if (typeof v === 'bigint') return v === 0n;
  if (typeof v === 'number') return v === 0;
  if (typeof v === 'boolean') return !v;
  if (Array.isArray(v)) return v.length === 0;
  if (isStruct(v)) return false;
  if (isMap(v)) return mapSize(v) === 0;
  return false;
}
