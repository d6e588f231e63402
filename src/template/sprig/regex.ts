import { GoRegexp, GoRegexpError, quoteMeta, type GoMatchIndex } from '../../core/go-regexp.js';
import { checkSize, fn, FuncError, type FuncMap } from '../funcs.js';
import { goQuote } from '../format.js';

/**
 * sprig's regex functions (v3.3.0) over Go's `regexp` (core/go-regexp.ts: RE2, linear time). How each reports a
 * pattern Go refuses is sprig's: `regexMatch` answers false, the other plain ones panic in `regexp.MustCompile`
 * (text/template reports the panic text), the `must…` ones return `regexp.Compile`'s error.
 */

type Compile = (expr: string) => GoRegexp;

/** `regexp.Compile`: the error as the function's own error. */
const compile: Compile = (expr) => {
  try {
    return GoRegexp.compile(expr);
  } catch (e) {
    if (e instanceof GoRegexpError) throw new FuncError(e.message);
    throw e;
  }
};

/** `regexp.MustCompile`: its panic message, `regexp: Compile(QUOTED): ERROR`. */
const mustCompile: Compile = (expr) => {
  try {
    return GoRegexp.compile(expr);
  } catch (e) {
    if (e instanceof GoRegexpError) throw new FuncError(`regexp: Compile(${quote(expr)}): ${e.message}`);
    throw e;
  }
};

/** The quoting in `regexp.MustCompile`'s panic: a backquoted string when `strconv.CanBackquote` allows, else `%q`. */
function quote(s: string): string {
  return /^[^\x00-\x08\x0a-\x1f\x7f`\ufeff\ud800-\udfff]*$/u.test(s) ? `\`${s}\`` : goQuote(s);
}

/** Go's `Regexp.Expand` name: letters, digits and `_`, as many as follow. */
const NAME = /^[\p{L}\p{Nd}_]+/u;

/**
 * Go's `Regexp.Expand` of `tmpl` for the match `m` of `s`: `$$` is `$`; `$name` and `${name}` are the group of that
 * number (all digits, no leading zero) or name, empty when there is none or it took no part; a `$` not followed by
 * a name (or `${` without its `}`) is kept as it is. Of several groups with one name, the first that took part.
 */
function expand(re: GoRegexp, tmpl: string, s: string, m: GoMatchIndex): string {
  let out = '';
  let rest = tmpl;
  for (let at = rest.indexOf('$'); at >= 0; at = rest.indexOf('$')) {
    out += rest.slice(0, at);
    rest = rest.slice(at + 1);
    if (rest.startsWith('$')) {
      out += '$';
      rest = rest.slice(1);
      continue;
    }
    const braced = rest.startsWith('{');
    const name = NAME.exec(braced ? rest.slice(1) : rest)?.[0];
    if (name === undefined || (braced && rest[1 + name.length] !== '}')) {
      out += '$';
      continue;
    }
    rest = rest.slice(name.length + (braced ? 2 : 0));
    const group = /^(0|[1-9]\d{0,8})$/.test(name) ? Number(name) : re.subexpNames.findIndex((n, i) => n === name && m[2 * i]! >= 0);
    if (group >= 0 && 2 * group + 1 < m.length && m[2 * group]! >= 0) out += s.slice(m[2 * group], m[2 * group + 1]);
  }
  return out + rest;
}

/** Go's `ReplaceAllString` / `ReplaceAllLiteralString`: every match replaced by `repl` of it. */
function replaceAll(re: GoRegexp, s: string, repl: (m: GoMatchIndex) => string): string {
  let out = '';
  let last = 0;
  for (const m of re.findAllIndex(s, -1)) {
    out += s.slice(last, m[0]) + repl(m);
    checkSize(out.length);
    last = m[1]!;
  }
  return out + s.slice(last);
}

/** Go's `Regexp.Split(s, n)`: the text between matches; at most `n` parts (all when n < 0, none when n = 0). */
function split(re: GoRegexp, s: string, n: number): string[] {
  if (n === 0) return [];
  if (re.expr !== '' && s === '') return [''];
  const out: string[] = [];
  let beg = 0;
  let end = 0;
  for (const m of re.findAllIndex(s, n)) {
    if (n > 0 && out.length === n - 1) break;
    end = m[0]!;
    if (m[1] !== 0) out.push(s.slice(beg, end));
    beg = m[1]!;
  }
  if (end !== s.length) out.push(s.slice(beg));
  return out;
}

const found = (re: GoRegexp, s: string, n: number): string[] => re.findAllIndex(s, n).map((m) => s.slice(m[0], m[1]));

/** The five functions that compile a pattern, with `compile` deciding how a refused pattern is reported. */
function searching(c: Compile): FuncMap {
  return {
    find: fn(['string', 'string'], (r: string, s: string) => found(c(r), s, 1)[0] ?? ''),
    findAll: fn(['string', 'string', 'int'], (r: string, s: string, n: bigint) => found(c(r), s, Number(n))),
    replaceAll: fn(['string', 'string', 'string'], (r: string, s: string, repl: string) => {
      const re = c(r);
      return replaceAll(re, s, (m) => expand(re, repl, s, m));
    }),
    replaceAllLiteral: fn(['string', 'string', 'string'], (r: string, s: string, repl: string) => replaceAll(c(r), s, () => repl)),
    split: fn(['string', 'string', 'int'], (r: string, s: string, n: bigint) => split(c(r), s, Number(n))),
  };
}

const PLAIN = searching(mustCompile);
const MUST = searching(compile);

export const REGEX_FUNCS: FuncMap = {
  regexMatch: fn(['string', 'string'], (r: string, s: string) => {
    try {
      return GoRegexp.compile(r).matchString(s);
    } catch (e) {
      if (e instanceof GoRegexpError) return false;
      throw e;
    }
  }),
  mustRegexMatch: fn(['string', 'string'], (r: string, s: string) => compile(r).matchString(s)),
  regexFind: PLAIN.find!,
  mustRegexFind: MUST.find!,
  regexFindAll: PLAIN.findAll!,
  mustRegexFindAll: MUST.findAll!,
  regexReplaceAll: PLAIN.replaceAll!,
  mustRegexReplaceAll: MUST.replaceAll!,
  regexReplaceAllLiteral: PLAIN.replaceAllLiteral!,
  mustRegexReplaceAllLiteral: MUST.replaceAllLiteral!,
  regexSplit: PLAIN.split!,
  mustRegexSplit: MUST.split!,
  regexQuoteMeta: fn(['string'], quoteMeta),
};
