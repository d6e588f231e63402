import { createRequire } from 'node:module';
import type * as Re2js from 're2js';
import type { RE2JS, RE2JSSyntaxException } from 're2js';

let re2js: typeof Re2js | undefined;

/**
 * re2js (~190 KB of code), loaded synchronously on the first pattern compiled: genconfig and validate load this
 * module with the template engine and sops, yet most repos never compile a Go regexp.
 */
function lib(): typeof Re2js {
  if (!re2js) re2js = createRequire(import.meta.url)('re2js') as typeof Re2js;
  return re2js;
}

/**
 * Go's `regexp` package, which sprig's regex functions and sops's `*_regex` rules use: RE2 syntax with Go's Perl
 * flags (`(?i)`, `(?U)`, `(?P<name>…)`, `\z`, Perl and POSIX classes), leftmost-first matching and linear-time
 * search, by re2js (the JavaScript port of RE2; it never backtracks, so no pattern/input pair can hang). Offsets
 * are UTF-16 code units of the JavaScript string, so `s.slice(start, end)` is the text Go's byte offsets select.
 */

/** `regexp.Compile`'s error; the message is Go's (`error parsing regexp: missing closing ): \`(a\``). */
export class GoRegexpError extends Error {}

/**
 * Go's errors that re2js reports without the expression, with the text Go quotes instead (regexp/syntax sets
 * `Error.Expr` to the whole pattern for these, to nothing for a trailing backslash).
 */
const QUOTED_BY_GO: Readonly<Record<string, (expr: string) => string>> = {
  'expression nests too deeply': (expr) => expr,
  'expression too large': (expr) => expr,
  'trailing backslash at end of expression': () => '',
};

/** Go's error for what re2js refused in `source` (`expr` with its repeated group names made unique). */
function goError(e: RE2JSSyntaxException, expr: string, source: string): GoRegexpError {
  const what = e.getDescription();
  const pattern = e.getPattern();
  const quoted = pattern === source ? expr : (pattern ?? QUOTED_BY_GO[what]?.(expr));
  return new GoRegexpError(quoted === undefined ? e.message : `error parsing regexp: ${what}: \`${quoted}\``);
}

/** A named group's opener as it starts at some position of a pattern: `(?P<name>` or `(?<name>`. */
const NAMED_GROUP = /\(\?P?<(\w*)>/y;

/** A POSIX class item inside a character class (`[:alpha:]`, `[:^space:]`). */
const POSIX_CLASS = /\[:\^?[a-z]+:\]/y;

/**
 * The named-group openers of `expr` (position and name, in group order), found by stepping over what RE2 reads
 * as literal text: escapes, `\Q…\E`, and character classes (whose first `]` and `[:name:]` items do not end them).
 */
function namedGroupOpeners(expr: string): { at: number; name: string }[] {
  const out: { at: number; name: string }[] = [];
  let i = 0;
  while (i < expr.length) {
    const c = expr[i]!;
    if (c === '\\') {
      if (expr[i + 1] !== 'Q') i += 2;
      else {
        const end = expr.indexOf('\\E', i + 2);
        i = end < 0 ? expr.length : end + 2;
      }
    } else if (c === '[') {
      i += expr[i + 1] === '^' ? 2 : 1;
      for (let first = true; i < expr.length && (first || expr[i] !== ']'); first = false) {
        POSIX_CLASS.lastIndex = i;
        i = POSIX_CLASS.test(expr) ? POSIX_CLASS.lastIndex : expr[i] === '\\' ? i + 2 : i + 1;
      }
      i++;
    } else {
      NAMED_GROUP.lastIndex = i;
      const named = c === '(' ? NAMED_GROUP.exec(expr) : null;
      if (named) out.push({ at: i, name: named[1]! });
      i++;
    }
  }
  return out;
}

/**
 * Go lets several groups share a name (RE2 and re2js refuse it): each repeat of a name is given a fresh one for
 * re2js. Returns the pattern re2js compiles and the name as written of each fresh one.
 */
function withUniqueNames(expr: string): { source: string; written: Map<string, string> } {
  const openers = namedGroupOpeners(expr);
  const taken = new Set(openers.map((o) => o.name));
  const seen = new Set<string>();
  const written = new Map<string, string>();
  let source = '';
  let last = 0;
  for (const { at, name } of openers) {
    if (!seen.has(name)) {
      seen.add(name);
      continue;
    }
    let alias = name;
    for (let k = 1; taken.has(alias); k++) alias = `${name}_${k}`;
    taken.add(alias);
    written.set(alias, name);
    const nameAt = expr.indexOf('<', at) + 1;
    source += expr.slice(last, nameAt) + alias;
    last = nameAt + name.length;
  }
  return { source: source + expr.slice(last), written };
}

/**
 * One match as Go's `FindAllStringSubmatchIndex` reports it: start and end of the match, then start and end of each
 * group in order; -1, -1 for a group that took no part.
 */
export type GoMatchIndex = readonly number[];

/** Patterns compiled so far, at most COMPILED_MAX (then forgotten all at once: a run uses a handful). */
const compiled = new Map<string, GoRegexp>();
const COMPILED_MAX = 256;

export class GoRegexp {
  private constructor(
    /** The pattern as written (Go's `String()`). */
    readonly expr: string,
    private readonly re: RE2JS,
    /** Go's `SubexpNames()`: the name of each group as written, by number ("" for group 0 and unnamed groups). */
    readonly subexpNames: readonly string[],
  ) {}

  /**
   * `regexp.Compile(expr)`; a pattern Go refuses throws a `GoRegexpError` worded as Go's. A compiled pattern is
   * immutable and kept (a template calls its regex functions once per node with the same patterns).
   */
  static compile(expr: string): GoRegexp {
    let re = compiled.get(expr);
    if (!re) {
      if (compiled.size >= COMPILED_MAX) compiled.clear();
      re = GoRegexp.compileNew(expr);
      compiled.set(expr, re);
    }
    return re;
  }

  private static compileNew(expr: string): GoRegexp {
    const { source, written } = withUniqueNames(expr);
    let re: RE2JS;
    try {
      re = lib().RE2JS.compile(source);
    } catch (e) {
      if (e instanceof lib().RE2JSSyntaxException) throw goError(e, expr, source);
      throw e;
    }
    const names = Array.from({ length: re.groupCount() + 1 }, () => '');
    for (const [name, group] of Object.entries(re.namedGroups())) names[group] = written.get(name) ?? name;
    return new GoRegexp(expr, re, names);
  }

  /** `MatchString(s)`: the pattern matches somewhere in `s`. */
  matchString(s: string): boolean {
    return this.re.test(s);
  }

  /**
   * `FindAllStringSubmatchIndex(s, n)`: at most `n` matches (every match when n < 0), left to right, each search
   * starting where the previous match ended (one character further after an empty match); an empty match that
   * starts where the previous match ended is not reported. ReplaceAll, Split and Find follow from these.
   */
  findAllIndex(s: string, n: number): GoMatchIndex[] {
    const found: unknown = this.re.re2().findAllSubmatchIndex(s, n);
    return (found ?? []) as GoMatchIndex[];
  }
}

/** `regexp.QuoteMeta`: `s` with every byte that is special in a pattern escaped, so the pattern matches `s` itself. */
export function quoteMeta(s: string): string {
  return s.replace(/[\\.+*?()|[\]{}^$]/g, '\\$&');
}
