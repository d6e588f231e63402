import { fn, FuncError, type FuncMap } from '../funcs.js';

/** Go RE2 syntax → JS RegExp: `(?P<name>` groups and leading `(?flags)` are the differences configs meet. */
function compileRegex(expr: string): RegExp {
  let src = expr.replace(/\(\?P</g, '(?<');
  let flags = 'g';
  const lead = /^\(\?([imsU]+)\)/.exec(src);
  if (lead) {
    if (lead[1]!.includes('U')) throw new FuncError(`error parsing regexp: ungreedy flag (?U) is not supported by talgen: \`${expr}\``);
    flags += lead[1];
    src = src.slice(lead[0].length);
  }
  src = src.replace(/\\z/g, '$(?![\\s\\S])').replace(/\\A/g, '^');
  try {
    return new RegExp(src, flags);
  } catch (e) {
    throw new FuncError(`error parsing regexp: ${(e as Error).message.replace(/^Invalid regular expression: /, '')}`);
  }
}

/** All matches like Go's FindAll: at most `n` (all when n < 0); an empty match right after a match is skipped. */
function findAll(re: RegExp, s: string, n: number): RegExpExecArray[] {
  const out: RegExpExecArray[] = [];
  re.lastIndex = 0;
  let prevEnd = -1;
  while (n < 0 || out.length < n) {
    const m = re.exec(s);
    if (!m) break;
    if (m[0] === '') {
      re.lastIndex = m.index + 1;
      if (m.index === prevEnd) continue;
    }
    out.push(m);
    prevEnd = m.index + m[0].length;
    if (re.lastIndex > s.length) break;
  }
  return out;
}

/** Go's `Regexp.Expand` template: `$1`, `${1}`, `$name`, `${name}`, `$$`; unknown groups expand to "". */
function expand(tmpl: string, m: RegExpExecArray): string {
  return tmpl.replace(/\$(\$|\{(\w+)\}|(\w+))/g, (_all, tok: string, braced?: string, bare?: string) => {
    if (tok === '$') return '$';
    const name = braced ?? bare!;
    if (/^\d+$/.test(name)) return m[Number(name)] ?? '';
    return m.groups?.[name] ?? '';
  });
}

function replaceAll(re: RegExp, s: string, repl: (m: RegExpExecArray) => string): string {
  let out = '';
  let last = 0;
  for (const m of findAll(re, s, -1)) {
    out += s.slice(last, m.index) + repl(m);
    last = m.index + m[0].length;
  }
  return out + s.slice(last);
}

/** Go's `Regexp.Split(s, n)`. */
function split(re: RegExp, s: string, n: number): string[] {
  if (n === 0) return [];
  if (re.source !== '(?:)' && s === '') return [''];
  const out: string[] = [];
  let beg = 0;
  let end = 0;
  for (const m of findAll(re, s, n)) {
    if (n > 0 && out.length === n - 1) break;
    end = m.index;
    if (m.index + m[0].length !== 0) out.push(s.slice(beg, end));
    beg = m.index + m[0].length;
  }
  if (end !== s.length) out.push(s.slice(beg));
  return out;
}

const BASE: FuncMap = {
  regexMatch: fn(['string', 'string'], (r: string, s: string) => {
    const re = compileRegex(r);
    return re.test(s);
  }),
  regexFind: fn(['string', 'string'], (r: string, s: string) => findAll(compileRegex(r), s, 1)[0]?.[0] ?? ''),
  regexFindAll: fn(['string', 'string', 'int'], (r: string, s: string, n: bigint) => findAll(compileRegex(r), s, Number(n)).map((m) => m[0])),
  regexReplaceAll: fn(['string', 'string', 'string'], (r: string, s: string, repl: string) => replaceAll(compileRegex(r), s, (m) => expand(repl, m))),
  regexReplaceAllLiteral: fn(['string', 'string', 'string'], (r: string, s: string, repl: string) => replaceAll(compileRegex(r), s, () => repl)),
  regexSplit: fn(['string', 'string', 'int'], (r: string, s: string, n: bigint) => split(compileRegex(r), s, Number(n))),
  regexQuoteMeta: fn(['string'], (s: string) => s.replace(/[\\.+*?()|[\]{}^$]/g, '\\$&')),
};

export const REGEX_FUNCS: FuncMap = {
  ...BASE,
  mustRegexMatch: BASE.regexMatch!,
  mustRegexFind: BASE.regexFind!,
  mustRegexFindAll: BASE.regexFindAll!,
  mustRegexReplaceAll: BASE.regexReplaceAll!,
  mustRegexReplaceAllLiteral: BASE.regexReplaceAllLiteral!,
  mustRegexSplit: BASE.regexSplit!,
};
