/**
 * go-yaml's map key order (sorter.go `keyList.Less`), used by the encoder for Go maps.
 *
 * Strings are compared rune by rune:
 *  - equal runes are skipped, remembering whether the last equal rune was a digit;
 *  - two letters compare by code point;
 *  - a letter against a non-letter: the non-letter sorts first, except right after a run of equal digits,
 *    where the letter sorts first;
 *  - otherwise the digit runs starting at the mismatch are read as numbers (non-digits read as 0) and
 *    compared numerically, then by run length, then by the mismatching rune;
 *  - a string that is a prefix of the other sorts first.
 * Numbers and booleans sort before strings (reflect.Kind order), numbers among themselves numerically.
 */

/** Unicode's digits and letters, for runes past ASCII (rare in map keys): built on first use (~0.2 ms at start-up). */
let unicode: { digit: RegExp; letter: RegExp } | undefined;
const classes = () => (unicode ??= { digit: /^\p{Nd}$/u, letter: /^\p{L}$/u });

function isDigit(r: string): boolean {
  return r >= '0' && r <= '9' ? true : r.length > 0 && r.charCodeAt(0) > 0x7f && classes().digit.test(r);
}

function isLetter(r: string): boolean {
  if (r.length === 1) {
    const c = r.charCodeAt(0);
    if ((c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a)) return true;
    if (c < 0x80) return false;
  }
  return classes().letter.test(r);
}

/** Go's `int64(r - '0')` for a rune, accumulated with int64 wrap-around like the Go code. */
function accumulate(n: bigint, r: string): bigint {
  const d = BigInt(r.codePointAt(0)! - 0x30);
  return BigInt.asIntN(64, n * 10n + d);
}

/** True when a sorts before b under go-yaml's string rule. */
function stringLess(a: string, b: string): boolean {
  const ar = Array.from(a);
  const br = Array.from(b);
  let digits = false;
  for (let i = 0; i < ar.length && i < br.length; i++) {
    const ai0 = ar[i]!;
    const bi0 = br[i]!;
    if (ai0 === bi0) {
      digits = isDigit(ai0);
      continue;
    }
    const al = isLetter(ai0);
    const bl = isLetter(bi0);
    if (al && bl) return ai0.codePointAt(0)! < bi0.codePointAt(0)!;
    if (al || bl) return digits ? al : bl;
    let an = 0n;
    let bn = 0n;
    if (ai0 === '0' || bi0 === '0') {
      // A zero right after a non-zero digit prefix is an ordinary digit, not a leading zero.
      for (let j = i - 1; j >= 0 && isDigit(ar[j]!); j--) {
        if (ar[j] !== '0') {
          an = 1n;
          bn = 1n;
          break;
        }
      }
    }
    let ai = i;
    for (; ai < ar.length && isDigit(ar[ai]!); ai++) an = accumulate(an, ar[ai]!);
    let bi = i;
    for (; bi < br.length && isDigit(br[bi]!); bi++) bn = accumulate(bn, br[bi]!);
    if (an !== bn) return an < bn;
    if (ai !== bi) return ai < bi;
    return ai0.codePointAt(0)! < bi0.codePointAt(0)!;
  }
  return ar.length < br.length;
}

/** Comparator (for Array.prototype.sort) in go-yaml's natural key order for strings. */
export function naturalCompare(a: string, b: string): number {
  if (a === b) return 0;
  if (stringLess(a, b)) return -1;
  if (stringLess(b, a)) return 1;
  return 0;
}

/** reflect.Kind numbers of the Go types a JS key stands for (ordering between kinds). */
const KIND_BOOL = 1;
const KIND_INT = 2;
const KIND_FLOAT64 = 14;
const KIND_INTERFACE = 20; // nil interface key
const KIND_STRING = 24;

function keyKind(k: unknown): number {
  switch (typeof k) {
    case 'boolean':
      return KIND_BOOL;
    case 'bigint':
      return KIND_INT;
    case 'number':
      return Number.isInteger(k) ? KIND_INT : KIND_FLOAT64;
    case 'string':
      return KIND_STRING;
    default:
      if (k === null || k === undefined) return KIND_INTERFACE;
      throw new TypeError(`goyaml: unsupported map key type ${typeof k}`);
  }
}

function keyNumber(k: unknown): number | bigint | undefined {
  if (typeof k === 'number' || typeof k === 'bigint') return k;
  if (typeof k === 'boolean') return k ? 1 : 0;
  return undefined;
}

function numLess(a: number | bigint, b: number | bigint): boolean {
  if (typeof a === 'bigint' && typeof b === 'bigint') return a < b;
  return Number(a) < Number(b);
}

/**
 * Comparator for Go map keys of any scalar kind: bools and numbers first (compared as floats, ties by kind),
 * then other kinds by reflect.Kind, strings with {@link naturalCompare}.
 */
export function compareGoKeys(a: unknown, b: unknown): number {
  if (typeof a === 'string' && typeof b === 'string') return naturalCompare(a, b);
  const less = (x: unknown, y: unknown): boolean => {
    const xk = keyKind(x);
    const yk = keyKind(y);
    const xf = keyNumber(x);
    const yf = keyNumber(y);
    if (xf !== undefined && yf !== undefined) {
      const xn = Number(xf);
      const yn = Number(yf);
      if (xn !== yn) return xn < yn;
      if (xk !== yk) return xk < yk;
      return numLess(xf, yf);
    }
    if (xk !== KIND_STRING || yk !== KIND_STRING) return xk < yk;
    return stringLess(x as string, y as string);
  };
  if (less(a, b)) return -1;
  if (less(b, a)) return 1;
  return 0;
}
