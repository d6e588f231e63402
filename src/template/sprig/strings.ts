import { goQuote } from '../format.js';
import { checkSize, fn, FuncError, type FuncMap } from '../funcs.js';
import { strval } from './convert.js';

/** Go `strings.Title`: upper-cases the first letter of each word (a word follows a non-letter, non-digit, non-`_`). */
function title(s: string): string {
  let prev = ' ';
  let out = '';
  for (const ch of s) {
    out += /[\p{L}\p{N}_']/u.test(prev) ? ch : ch.toUpperCase();
    prev = ch;
  }
  return out;
}

function untitle(s: string): string {
  let prev = ' ';
  let out = '';
  for (const ch of s) {
    out += /\s/u.test(prev) ? ch.toLowerCase() : ch;
    prev = ch;
  }
  return out;
}

/** Go `strings.Trim(s, cutset)`. */
function trimSet(s: string, cutset: string): string {
  const set = new Set(cutset);
  const chars = [...s];
  let a = 0;
  let b = chars.length;
  while (a < b && set.has(chars[a]!)) a++;
  while (b > a && set.has(chars[b - 1]!)) b--;
  return chars.slice(a, b).join('');
}

/** Byte-indexed substring (Go slices strings by bytes). */
function bytes(s: string, start: number, end?: number): string {
  return Buffer.from(s, 'utf8').subarray(start, end).toString('utf8');
}

function byteLen(s: string): number {
  return Buffer.byteLength(s, 'utf8');
}

function substr(start: bigint, end: bigint, s: string): string {
  const len = byteLen(s);
  if (start < 0n) return bytes(s, 0, Number(end));
  if (end < 0n || end > BigInt(len)) return bytes(s, Number(start));
  return bytes(s, Number(start), Number(end));
}

function trunc(c: bigint, s: string): string {
  const len = BigInt(byteLen(s));
  if (c < 0n && len + c > 0n) return bytes(s, Number(len + c));
  if (c >= 0n && len > c) return bytes(s, 0, Number(c));
  return s;
}

function abbrev(width: bigint, s: string): string {
  if (width < 4n || byteLen(s) <= Number(width)) return s;
  return `${bytes(s, 0, Number(width) - 3)}...`;
}

function abbrevboth(left: bigint, right: bigint, s: string): string {
  const l = Number(left);
  const w = Number(right);
  if (w < 4 || (l > 0 && w < 7)) return s;
  const len = byteLen(s);
  if (len <= w) return s;
  const offset = Math.min(l, len);
  if (len - offset < w - 3) return `...${bytes(s, len - (w - 3))}`;
  if (offset <= 4) return `${bytes(s, 0, w - 3)}...`;
  if (offset + w - 3 < len) return `...${abbrev(BigInt(w - 3), bytes(s, offset))}`;
  return `...${bytes(s, len - (w - 3))}`;
}

/** goutils `WrapCustom(s, width, newline, wrapLongWords)`: break at spaces, long words cut when asked to. */
function wrapCustom(s: string, width: number, nl: string, wrapLong: boolean): string {
  const w = width < 1 ? 1 : width;
  const out: string[] = [];
  let offset = 0;
  while (s.length - offset > w) {
    if (s[offset] === ' ') {
      offset++;
      continue;
    }
    let space = s.lastIndexOf(' ', w + offset);
    if (space >= offset) {
      out.push(s.slice(offset, space), nl);
      offset = space + 1;
    } else if (wrapLong) {
      out.push(s.slice(offset, w + offset), nl);
      offset += w;
    } else {
      space = s.indexOf(' ', w + offset);
      if (space >= 0) {
        out.push(s.slice(offset, space), nl);
        offset = space + 1;
      } else {
        out.push(s.slice(offset));
        offset = s.length;
      }
    }
  }
  out.push(s.slice(offset));
  return out.join('');
}

function initials(s: string): string {
  return s
    .split(/\s+/)
    .filter(Boolean)
    .map((w) => [...w][0])
    .join('');
}

function swapcase(s: string): string {
  return [...s].map((c) => (c === c.toUpperCase() ? c.toLowerCase() : c.toUpperCase())).join('');
}

/** Go's strings.Repeat panics on a negative count; text/template reports the panic as the call's error. */
const NEGATIVE_REPEAT = 'strings: negative Repeat count';

/** `indent`/`nindent`'s width, once it is known the result fits the templateSize limit. */
function indentWidth(n: bigint, s: string): number {
  if (n < 0n) throw new FuncError(NEGATIVE_REPEAT);
  checkSize(n * BigInt(s.split('\n').length) + BigInt(s.length));
  return Number(n);
}

const nonNil = (a: unknown[]) => a.filter((x) => x !== null);

/** sprig string functions (sprig argument order: the piped string comes last). */
export const STRING_FUNCS: FuncMap = {
  hello: fn([], () => 'Hello!'),
  abbrev: fn(['int', 'string'], abbrev),
  abbrevboth: fn(['int', 'int', 'string'], abbrevboth),
  trunc: fn(['int', 'string'], trunc),
  trim: fn(['string'], (s: string) => s.replace(/^[\s\u0085\u00a0]+|[\s\u0085\u00a0]+$/gu, '')),
  upper: fn(['string'], (s: string) => s.toUpperCase()),
  lower: fn(['string'], (s: string) => s.toLowerCase()),
  title: fn(['string'], title),
  untitle: fn(['string'], untitle),
  substr: fn(['int', 'int', 'string'], substr),
  repeat: fn(['int', 'string'], (n: bigint, s: string) => {
    if (n < 0n) throw new FuncError(NEGATIVE_REPEAT);
    checkSize(n * BigInt(s.length));
    return s.repeat(Number(n));
  }),
  trimall: fn(['string', 'string'], (a: string, b: string) => trimSet(b, a)),
  trimAll: fn(['string', 'string'], (a: string, b: string) => trimSet(b, a)),
  trimSuffix: fn(['string', 'string'], (a: string, b: string) => (a && b.endsWith(a) ? b.slice(0, -a.length) : b)),
  trimPrefix: fn(['string', 'string'], (a: string, b: string) => (b.startsWith(a) ? b.slice(a.length) : b)),
  nospace: fn(['string'], (s: string) => s.replace(/\s/gu, '')),
  initials: fn(['string'], initials),
  swapcase: fn(['string'], swapcase),
  wrap: fn(['int', 'string'], (l: bigint, s: string) => wrapCustom(s, Number(l), '\n', false)),
  wrapWith: fn(['int', 'string', 'string'], (l: bigint, sep: string, s: string) => wrapCustom(s, Number(l), sep, true)),
  contains: fn(['string', 'string'], (sub: string, s: string) => s.includes(sub)),
  hasPrefix: fn(['string', 'string'], (p: string, s: string) => s.startsWith(p)),
  hasSuffix: fn(['string', 'string'], (p: string, s: string) => s.endsWith(p)),
  quote: fn(
    [],
    (...a: unknown[]) =>
      nonNil(a)
        .map((x) => goQuote(strval(x)))
        .join(' '),
    'any',
  ),
  squote: fn(
    [],
    (...a: unknown[]) =>
      nonNil(a)
        .map((x) => `'${strval(x)}'`)
        .join(' '),
    'any',
  ),
  cat: fn([], (...a: unknown[]) => nonNil(a).map(strval).join(' '), 'any'),
  indent: fn(['int', 'string'], (n: bigint, s: string) => ' '.repeat(indentWidth(n, s)) + s.replaceAll('\n', `\n${' '.repeat(Number(n))}`)),
  nindent: fn(['int', 'string'], (n: bigint, s: string) => `\n${' '.repeat(indentWidth(n, s))}${s.replaceAll('\n', `\n${' '.repeat(Number(n))}`)}`),
  replace: fn(['string', 'string', 'string'], (o: string, n: string, s: string) => s.replaceAll(o, n)),
  plural: fn(['string', 'string', 'int'], (one: string, many: string, n: bigint) => (n === 1n ? one : many)),
  toString: fn(['any'], strval),
};
