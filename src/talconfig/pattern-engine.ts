/**
 * The regexp engine of the talconfig validator (ajv's `code.regExp`, at build time and in the run-time fallback).
 *
 * V8 compiles a regexp on its first match, and the schema's long patterns cost milliseconds to compile on every
 * start: `$defs/cidr` alone (an IPv4 prefix or one of IPv6's many spellings, ~1.5 KB) takes ~4 ms, most of it the
 * IPv6 branches an IPv4 prefix never needs. A pattern of the shape `^(?:A|B|…)$` is therefore kept as its
 * alternatives, each compiled as `^(?:A)$` when a string first reaches it and tried in order: a string matches the
 * whole pattern exactly when it matches one alternative whole. Patterns of another shape, or with backreferences
 * (whose group numbers would change), stay one regexp. Either way nothing compiles before the first test.
 */

interface RegExpLike {
  test(s: string): boolean;
  /** ajv keys its compiled patterns by this text: it must name the pattern, as RegExp's does. */
  toString(): string;
}

/** The alternatives of `^(?:A|B|…)$` at the group's top level, or undefined for a pattern of another shape. */
export function topLevelAlternatives(source: string): string[] | undefined {
  if (!source.startsWith('^(?:') || !source.endsWith(')$') || /\\[1-9]|\\k</.test(source)) return undefined;
  const body = source.slice(4, -2);
  const alternatives: string[] = [];
  let depth = 0;
  let inClass = false;
  let start = 0;
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (c === '\\') i++;
    else if (inClass) inClass = c !== ']';
    else if (c === '[') inClass = true;
    else if (c === '(') depth++;
    else if (c === ')') {
      // The group opened by `^(?:` closes before the end: `^(?:A)|(?:B)$` is not one group.
      if (--depth < 0) return undefined;
    } else if (c === '|' && depth === 0) {
      alternatives.push(body.slice(start, i));
      start = i + 1;
    }
  }
  if (depth !== 0 || inClass) return undefined;
  alternatives.push(body.slice(start));
  return alternatives.length > 1 ? alternatives : undefined;
}

function lazyRegExp(source: string, flags: string): RegExpLike {
  let re: RegExp | undefined;
  return {
    test: (s) => {
      re ??= new RegExp(source, flags);
      return re.test(s);
    },
    toString: () => `/${source}/${flags}`,
  };
}

/** ajv's RegExpEngine: `pattern` with flags `u` (ajv's unicodeRegExp), as above. */
export function patternEngine(pattern: string, flags: string): RegExpLike {
  const alternatives = topLevelAlternatives(pattern);
  if (!alternatives) return lazyRegExp(pattern, flags);
  const parts = alternatives.map((a) => lazyRegExp(`^(?:${a})$`, flags));
  return { test: (s) => parts.some((p) => p.test(s)), toString: () => `/${pattern}/${flags}` };
}

/** How the precompiled validator names the engine (scripts/build-talconfig-validator.mjs imports it under this name). */
patternEngine.code = '__patternEngine';
