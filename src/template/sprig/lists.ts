import { checkSize, FuncError, fn, type FuncMap } from '../funcs.js';
import { typeName } from '../values.js';
import { empty, strslice, toInt64 } from './convert.js';
import { deepEqual } from './dicts.js';

/** sprig list functions take `interface{}` and insist on a slice: `Cannot <what> on type <T>` otherwise. */
function list(v: unknown, what: string): unknown[] {
  if (Array.isArray(v)) return v;
  throw new FuncError(`Cannot ${what} on type ${typeName(v)}`);
}

function uniq(l: unknown[]): unknown[] {
  const out: unknown[] = [];
  for (const x of l) if (!out.some((y) => deepEqual(x, y))) out.push(x);
  return out;
}

function until(count: bigint): bigint[] {
  return untilStep(0n, count, count < 0n ? -1n : 1n);
}

function untilStep(start: bigint, stop: bigint, step: bigint): bigint[] {
  const out: bigint[] = [];
  if (step === 0n) return out;
  checkSize((stop - start) / step);
  if (step > 0n) for (let i = start; i < stop; i += step) out.push(i);
  else for (let i = start; i > stop; i += step) out.push(i);
  return out;
}

/** sprig's `seq`, after GNU seq: `seq last`, `seq first last`, `seq first step last` as a space-separated string. */
function seq(...p: bigint[]): string {
  if (p.length === 0 || p.length > 3) return '';
  const [first, step, last]: bigint[] = p.length === 1 ? [1n, 1n, p[0]!] : p.length === 2 ? [p[0]!, p[0]! <= p[1]! ? 1n : -1n, p[1]!] : [p[0]!, p[1]!, p[2]!];
  if (p.length === 3 && ((last! < first! && step! >= 0n) || (last! > first! && step! <= 0n))) return '';
  return untilStep(first!, last! + (step! > 0n ? 1n : -1n), step!).join(' ');
}

function chunk(size: bigint, v: unknown): unknown[][] {
  const l = list(v, 'chunk');
  const n = Number(size);
  const out: unknown[][] = [];
  for (let i = 0; i < l.length; i += n) out.push(l.slice(i, i + n));
  return out;
}

function sliceList(v: unknown, ...idx: unknown[]): unknown[] {
  if (!Array.isArray(v)) throw new FuncError(`list should be type of slice or array but ${typeName(v)}`);
  const l = v;
  const start = idx.length > 0 ? Number(toInt64(idx[0])) : 0;
  const end = idx.length > 1 ? Number(toInt64(idx[1])) : l.length;
  if (start < 0 || end > l.length || start > end) throw new FuncError(`slice bounds out of range [${start}:${end}] with capacity ${l.length}`);
  return l.slice(start, end);
}

/** sprig list functions; the `must*` forms behave the same (errors are template errors either way). */
const BASE: FuncMap = {
  list: fn([], (...a: unknown[]) => a, 'any'),
  tuple: fn([], (...a: unknown[]) => a, 'any'),
  first: fn(['any'], (v: unknown) => list(v, 'find first')[0] ?? null),
  last: fn(['any'], (v: unknown) => list(v, 'find last').at(-1) ?? null),
  rest: fn(['any'], (v: unknown) => list(v, 'find rest').slice(1)),
  initial: fn(['any'], (v: unknown) => list(v, 'find initial').slice(0, -1)),
  append: fn(['any', 'any'], (v: unknown, x: unknown) => [...list(v, 'push'), x]),
  push: fn(['any', 'any'], (v: unknown, x: unknown) => [...list(v, 'push'), x]),
  prepend: fn(['any', 'any'], (v: unknown, x: unknown) => [x, ...list(v, 'prepend')]),
  concat: fn([], (...ls: unknown[]) => ls.flatMap((l) => list(l, 'concat')), 'any'),
  has: fn(['any', 'any'], (needle: unknown, v: unknown) => v !== null && list(v, 'find has').some((x) => deepEqual(x, needle))),
  without: fn(['any'], (v: unknown, ...omit: unknown[]) => list(v, 'find without').filter((x) => !omit.some((o) => deepEqual(o, x))), 'any'),
  uniq: fn(['any'], (v: unknown) => uniq(list(v, 'find uniq'))),
  compact: fn(['any'], (v: unknown) => list(v, 'compact').filter((x) => !empty(x))),
  reverse: fn(['any'], (v: unknown) => [...list(v, 'find reverse')].reverse()),
  slice: fn(['any'], sliceList, 'any'),
  chunk: fn(['int', 'any'], chunk),
  sortAlpha: fn(['any'], (v: unknown) => strslice(v).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))),
  toStrings: fn(['any'], strslice),
  join: fn(['string', 'any'], (sep: string, v: unknown) => strslice(v).join(sep)),
  splitList: fn(['string', 'string'], (sep: string, s: string) => (sep === '' ? [...s] : s.split(sep))),
  split: fn(['string', 'string'], (sep: string, s: string) => indexed(sep === '' ? [...s] : s.split(sep))),
  splitn: fn(['string', 'int', 'string'], (sep: string, n: bigint, s: string) => indexed(splitN(s, sep, Number(n)))),
  until: fn(['int'], until),
  untilStep: fn(['int', 'int', 'int'], untilStep),
  seq: fn([], seq, 'int'),
  all: fn([], (...a: unknown[]) => a.every((x) => !empty(x)), 'any'),
  any: fn([], (...a: unknown[]) => a.length > 0 && a.some((x) => !empty(x)), 'any'),
};

/** Go `strings.SplitN`. */
function splitN(s: string, sep: string, n: number): string[] {
  if (n === 0) return [];
  const parts = sep === '' ? [...s] : s.split(sep);
  if (n < 0 || parts.length <= n) return parts;
  return [...parts.slice(0, n - 1), parts.slice(n - 1).join(sep)];
}

/** sprig's `split`/`splitn` results: a dict `_0`, `_1`, … */
function indexed(parts: string[]): Map<string, unknown> {
  return new Map(parts.map((p, i) => [`_${i}`, p]));
}

const MUST = ['first', 'last', 'rest', 'initial', 'append', 'push', 'prepend', 'has', 'without', 'uniq', 'compact', 'reverse', 'slice', 'chunk'];

export const LIST_FUNCS: FuncMap = {
  ...BASE,
  ...Object.fromEntries(MUST.map((n) => [`must${n[0]!.toUpperCase()}${n.slice(1)}`, BASE[n]!])),
};
