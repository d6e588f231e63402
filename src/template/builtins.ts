import { fn, FuncError, type FuncMap } from './funcs.js';
import { formatValue, sprint, sprintf, sprintln } from './format.js';
import { basicEqual, compareBytes, isMap, lengthOf, mapGet, MISSING, truth, typeName } from './values.js';

/** Go's `len`: strings (bytes), slices and maps. */
function goLen(v: unknown): bigint {
  const n = lengthOf(v);
  if (n === undefined) throw new FuncError(`len of type ${typeName(v)}`);
  return BigInt(n);
}

function eq(a: unknown, ...bs: unknown[]): boolean {
  if (bs.length === 0) throw new FuncError('missing argument for comparison');
  for (const b of bs) {
    const same = basicEqual(a, b);
    if (same === undefined) {
      const container = [a, b].find((v) => Array.isArray(v) || isMap(v));
      if (container !== undefined) throw new FuncError(`non-comparable type ${formatValue(container)}: ${typeName(container)}`);
      throw new FuncError(`incompatible types for comparison: ${typeName(a)} and ${typeName(b)}`);
    }
    if (same) return true;
  }
  return false;
}

function lt(a: unknown, b: unknown): boolean {
  const ordered = (v: unknown) => typeof v === 'string' || typeof v === 'bigint' || typeof v === 'number';
  if (!ordered(a) || !ordered(b)) throw new FuncError('invalid type for comparison');
  if (typeof a !== typeof b) throw new FuncError(`incompatible types for comparison: ${typeName(a)} and ${typeName(b)}`);
  if (typeof a === 'string') return compareBytes(a, b as string) < 0;
  return (a as number) < (b as number);
}

function toIndex(v: unknown, len: number, cap = len): number {
  if (typeof v !== 'bigint') throw new FuncError(`cannot index slice/array with type ${typeName(v)}`);
  if (v < 0n || v > BigInt(cap)) throw new FuncError(`index out of range: ${v}`);
  return Number(v);
}

/** Go's `index`: successive indexes into slices, strings (a byte) and maps (a missing key is no value). */
function index(item: unknown, ...keys: unknown[]): unknown {
  let cur = item;
  for (const k of keys) {
    if (cur === null || cur === MISSING) throw new FuncError('index of untyped nil');
    if (Array.isArray(cur) || typeof cur === 'string') {
      const len = lengthOf(cur)!;
      const i = toIndex(k, len);
      if (i >= len) throw new FuncError(`index out of range: ${k}`);
      cur = typeof cur === 'string' ? BigInt(Buffer.from(cur, 'utf8')[i]!) : cur[i];
      if (typeof cur === 'number' && Number.isInteger(cur)) cur = BigInt(cur);
    } else if (isMap(cur)) {
      if (k === null) throw new FuncError('value is nil; should be of type string');
      if (typeof k !== 'string') throw new FuncError(`value has type ${typeName(k)}; should be string`);
      cur = mapGet(cur, k);
    } else throw new FuncError(`can't index item of type ${typeName(cur)}`);
  }
  return cur;
}

/** Go's builtin `slice` (templates without sprig): `slice x 1 2` is `x[1:2]` on strings and slices. */
function slice(item: unknown, ...idx: unknown[]): unknown {
  if (typeof item !== 'string' && !Array.isArray(item)) throw new FuncError(`can't slice item of type ${typeName(item)}`);
  if (idx.length > 3) throw new FuncError(`too many slice indexes: ${idx.length}`);
  if (typeof item === 'string' && idx.length === 3) throw new FuncError('cannot 3-index slice a string');
  const len = lengthOf(item)!;
  const bounds = [0, len];
  for (const [i, v] of idx.slice(0, 2).entries()) bounds[i] = toIndex(v, len);
  if (bounds[0]! > bounds[1]!) throw new FuncError(`invalid slice index: ${bounds[0]} > ${bounds[1]}`);
  if (typeof item === 'string') return Buffer.from(item, 'utf8').subarray(bounds[0], bounds[1]).toString('utf8');
  return item.slice(bounds[0], bounds[1]);
}

/** html/js/urlquery take their operand as is when it is one string, else `fmt.Sprint` of all operands. */
function operand(args: unknown[]): string {
  return args.length === 1 && typeof args[0] === 'string' ? args[0] : sprint(args);
}

const HTML_ESCAPES: Readonly<Record<string, string>> = { '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&#39;', '"': '&#34;', '\0': '\ufffd' };

const JS_ESCAPES: Readonly<Record<string, string>> = { '\\': '\\\\', "'": "\\'", '"': '\\"', '<': '\\u003C', '>': '\\u003E', '&': '\\u0026', '=': '\\u003D' };

function jsEscape(s: string): string {
  let out = '';
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    if (JS_ESCAPES[ch]) out += JS_ESCAPES[ch];
    else if (cp < 0x20 || (cp >= 0x7f && /[\p{C}\p{Z}]/u.test(ch) && ch !== ' ')) out += `\\u${cp.toString(16).toUpperCase().padStart(4, '0')}`;
    else out += ch;
  }
  return out;
}

/** Go's `url.QueryEscape`: unreserved bytes kept, space as `+`, the rest `%XX`. */
export function queryEscape(s: string): string {
  let out = '';
  for (const b of Buffer.from(s, 'utf8')) {
    const c = String.fromCharCode(b);
    if (/[A-Za-z0-9\-_.~]/.test(c)) out += c;
    else if (c === ' ') out += '+';
    else out += `%${b.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

/**
 * `and`/`or` evaluate their operands one at a time and stop at the first one that decides the result (Go 1.18+);
 * the executor calls them with the operands evaluated so far.
 */
export const LAZY: Readonly<Record<string, (v: unknown) => boolean>> = {
  and: (v) => !truth(v),
  or: (v) => truth(v),
};

/** Go text/template's predefined functions. */
export const BUILTINS: FuncMap = {
  and: fn(['any'], (...a: unknown[]) => a.find((v) => !truth(v)) ?? a.at(-1), 'any'),
  or: fn(['any'], (...a: unknown[]) => a.find(truth) ?? a.at(-1), 'any'),
  not: fn(['any'], (v: unknown) => !truth(v)),
  len: fn(['any'], goLen),
  index: fn(['any'], index, 'any'),
  slice: fn(['any'], slice, 'any'),
  print: fn([], (...a: unknown[]) => sprint(a), 'any'),
  printf: fn(['string'], (f: string, ...a: unknown[]) => sprintf(f, a), 'any'),
  println: fn([], (...a: unknown[]) => sprintln(a), 'any'),
  html: fn([], (...a: unknown[]) => operand(a).replace(/[<>&'"\0]/g, (c) => HTML_ESCAPES[c]!), 'any'),
  js: fn([], (...a: unknown[]) => jsEscape(operand(a)), 'any'),
  urlquery: fn([], (...a: unknown[]) => queryEscape(operand(a)), 'any'),
  eq: fn(['any'], eq, 'any'),
  ne: fn(['any', 'any'], (a: unknown, b: unknown) => !eq(a, b)),
  lt: fn(['any', 'any'], lt),
  le: fn(['any', 'any'], (a: unknown, b: unknown) => lt(a, b) || eq(a, b)),
  gt: fn(['any', 'any'], (a: unknown, b: unknown) => !(lt(a, b) || eq(a, b))),
  ge: fn(['any', 'any'], (a: unknown, b: unknown) => !lt(a, b)),
  call: fn(
    ['any'],
    (f: unknown) => {
      throw new FuncError(`non-function of type ${typeName(f)}`);
    },
    'any',
  ),
};
