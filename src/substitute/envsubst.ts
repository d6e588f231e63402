import { Parser, type CST } from 'yaml';
import { TalgenError } from '../core/errors.js';
import { LIMITS, limitError } from '../core/limits.js';
import { LineIndex, OffsetMap } from '../load/sourcemap.js';
import { tokensWithinDepth } from '../load/yaml-depth.js';

export type Env = Record<string, string | undefined>;

/**
 * Offsets [start, end) of YAML comments in `text` (talhelper strips comments before substituting). Walks yaml's
 * concrete syntax tree with an explicit stack: any nesting depth is fine here (callers check the depth limit).
 */
export function commentRanges(text: string): [number, number][] {
  let tokens: CST.Token[];
  try {
    tokens = [...new Parser().parse(text)];
  } catch (e) {
    // Unparsable YAML: the loader reports it with a position after substitution.
    if (e instanceof RangeError) return [];
    throw e;
  }
  return commentsIn(tokens);
}

/** Offsets [start, end) of the comments in yaml's concrete syntax tree of a text, in order. */
function commentsIn(tokens: CST.Token[]): [number, number][] {
  const ranges: [number, number][] = [];
  const stack: unknown[] = [...tokens];
  for (let tok = stack.pop(); tok !== undefined; tok = stack.pop()) {
    if (!tok || typeof tok !== 'object') continue;
    const t = tok as Record<string, unknown>;
    if (t.type === 'comment' && typeof t.offset === 'number' && typeof t.source === 'string') {
      ranges.push([t.offset, t.offset + t.source.length]);
    }
    for (const v of Object.values(t)) {
      if (Array.isArray(v)) stack.push(...v);
      else if (v && typeof v === 'object') stack.push(v);
    }
  }
  return ranges.sort((a, b) => a[0] - b[0]);
}

const NAME = /[A-Za-z_][A-Za-z0-9_]*/y;
const BRACED = /^([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-=+])([\s\S]*))?$/;

interface Ctx {
  text: string;
  env: Env;
  file: string;
  lines?: LineIndex;
  comments: [number, number][];
}

function fail(ctx: Ctx, offset: number, message: string, hint: string): TalgenError {
  ctx.lines ??= new LineIndex(ctx.text);
  return new TalgenError(message, { file: ctx.file, ...ctx.lines.pos(offset), hint });
}

function unsetError(ctx: Ctx, offset: number, name: string, problem: string): TalgenError {
  return fail(
    ctx,
    offset,
    `variable \${${name}} ${problem}`,
    `set ${name} in talenv.yaml (or the environment), give a default with \${${name}:-value}, or write $$ for a literal $`,
  );
}

/**
 * Expand text[start, end). With `map`, every output character is recorded against its source offset
 * (verbatim copies one to one, an expanded reference against the reference's `$`). `depth` counts the defaults
 * this text is nested in (bounded by the envDepth limit).
 */
function expand(ctx: Ctx, start: number, end: number, map?: OffsetMap, depth = 0): string {
  const { text, env } = ctx;
  let out = '';
  let i = start;
  let ci = 0;
  let copyFrom = start;
  const flush = (upto: number) => {
    if (upto > copyFrom) {
      out += text.slice(copyFrom, upto);
      map?.copy(copyFrom, upto - copyFrom);
    }
  };
  const emit = (from: number, to: number, s: string) => {
    flush(from);
    out += s;
    map?.replace(from, to, s.length);
    copyFrom = to;
  };
  const bare = (name: string, offset: number): string => {
    const v = env[name];
    if (v === undefined) throw unsetError(ctx, offset, name, 'is not set');
    if (v === '') throw unsetError(ctx, offset, name, 'is set but empty');
    return v;
  };
  while (i < end) {
    const dollar = text.indexOf('$', i);
    if (dollar < 0 || dollar >= end) break;
    i = dollar;
    // Comments are left alone (talhelper drops them before substituting).
    while (ci < ctx.comments.length && ctx.comments[ci]![1] <= i) ci++;
    if (ci < ctx.comments.length && ctx.comments[ci]![0] <= i) {
      i = ctx.comments[ci]![1];
      continue;
    }
    const next = i + 1 < end ? text[i + 1] : undefined;
    if (next === '$') {
      emit(i, i + 2, '$');
      i += 2;
      continue;
    }
    if (next === '{') {
      const close = findClose(text, i + 2, end);
      if (close < 0) throw fail(ctx, i, 'unterminated "${"', 'close the reference with "}" on the same line, or write $$ for a literal $');
      const inner = text.slice(i + 2, close);
      const m = BRACED.exec(inner);
      if (!m) throw fail(ctx, i, `bad variable reference "\${${inner}}"`, 'names use letters, digits and _; write $$ for a literal $');
      const name = m[1]!;
      const op = m[2];
      const v = env[name];
      const argStart = i + 2 + name.length + (op?.length ?? 0);
      const arg = () => {
        if (depth >= LIMITS.envDepth.max) throw limitError('envDepth', { file: ctx.file, ...(ctx.lines ??= new LineIndex(text)).pos(i) });
        return expand(ctx, argStart, close, undefined, depth + 1);
      };
      let value: string;
      if (!op) value = bare(name, i);
      else if (op === '-' || op === '=') value = v === undefined ? arg() : v;
      else if (op === ':-' || op === ':=') value = v === undefined || v === '' ? arg() : v;
      else if (op === '+') value = v === undefined ? '' : arg();
      else value = v === undefined || v === '' ? '' : arg(); // ':+'
      emit(i, close + 1, value);
      i = close + 1;
      continue;
    }
    NAME.lastIndex = i + 1;
    const nm = NAME.exec(text);
    if (!nm || i + 1 + nm[0].length > end) {
      i++;
      continue;
    }
    const name = nm[0];
    // `$patch` is Talos's strategic-merge directive, never a variable.
    if (name === 'patch') {
      i += 6;
      continue;
    }
    emit(i, i + 1 + name.length, bare(name, i));
    i += 1 + name.length;
  }
  flush(end);
  return out;
}

function findClose(text: string, from: number, end: number): number {
  let depth = 1;
  for (let j = from; j < end; j++) {
    const c = text[j];
    if (c === '{') depth++;
    else if (c === '}' && --depth === 0) return j;
    else if (c === '\n') return -1;
  }
  return -1;
}

export interface SubstituteOptions {
  /** Leave `$` inside YAML comments alone (default true; use false for non-YAML text). */
  skipComments?: boolean;
}

/**
 * talhelper's environment substitution (a8m/envsubst in restricted mode) with its traps fixed:
 * `$VAR`, `${VAR}`, `${VAR-x}`, `${VAR:-x}`, `${VAR=x}`, `${VAR:=x}`, `${VAR+x}`, `${VAR:+x}`, `$$` → `$`.
 * A Talos `$patch` directive is never a variable. An unset or empty variable used without a default is an error
 * naming the variable and file:line:col. Comments are left alone.
 */
export function substitute(text: string, env: Env, file: string, opts: SubstituteOptions = {}): string {
  if (!text.includes('$')) return text;
  return expand(context(text, env, file, opts), 0, text.length);
}

/** `substitute` plus the map from output offsets back to `text` (for exact file:line:col after substitution). */
export function substituteMapped(text: string, env: Env, file: string, opts: SubstituteOptions = {}): { text: string; map: OffsetMap } {
  const map = new OffsetMap();
  const out = expand(context(text, env, file, opts), 0, text.length, map);
  return { text: out, map };
}

/** A line with a '#' and a later '$': a comment there may hold what looks like a variable. */
const DOLLAR_AFTER_HASH = /#[^\n]*\$/;

/**
 * The comments of a text's first lines, before anything else: lines that are blank or start (after blanks) with `#`.
 * Nothing can be open there (no scalar, no collection), so these are comments without a parse: the
 * `# yaml-language-server: $schema=…` line editors put at the top of a talconfig is the common case. `end` is where
 * the first other line starts. A BOM, a carriage return or a directive ends the run early (the parser decides).
 */
export function leadingComments(text: string): { ranges: [number, number][]; end: number } {
  const ranges: [number, number][] = [];
  let start = 0;
  while (start < text.length) {
    const nl = text.indexOf('\n', start);
    const end = nl < 0 ? text.length : nl;
    let i = start;
    while (i < end && (text[i] === ' ' || text[i] === '\t')) i++;
    if (text.slice(i, end).includes('\r')) break;
    if (i < end && text[i] !== '#') break;
    if (i < end) ranges.push([i, end]);
    start = end + 1;
  }
  return { ranges, end: Math.min(start, text.length) };
}

function context(text: string, env: Env, file: string, opts: SubstituteOptions): Ctx {
  // Comments only matter where a line has both a '#' and a later '$'; skip the CST pass otherwise, and when the only
  // such lines are the leading comments. YAML nested past the yamlDepth limit is refused by that pass, before its
  // comments would be missed and their variables expanded.
  let comments: [number, number][] = [];
  if (opts.skipComments !== false && DOLLAR_AFTER_HASH.test(text)) {
    const lead = leadingComments(text);
    comments = DOLLAR_AFTER_HASH.test(text.slice(lead.end)) ? commentsIn(tokensWithinDepth(text, file)) : lead.ranges;
  }
  return { text, env, file, comments };
}
