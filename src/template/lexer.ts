/**
 * Go `text/template` lexer: splits a template into text and the tokens of `{{ … }}` actions, applying the
 * `{{- ` / ` -}}` trim markers to the neighbouring text and dropping `{{/* … *\/}}` comments.
 */
export type TokenKind =
  | 'text'
  | 'open' // {{
  | 'close' // }}
  | 'field' // .Name
  | 'dot' // .
  | 'variable' // $ or $name
  | 'ident' // function names and keywords
  | 'string' // "…" (value = decoded)
  | 'raw' // `…`
  | 'char' // 'x'
  | 'number'
  | 'pipe' // |
  | 'lparen'
  | 'rparen'
  | 'declare' // :=
  | 'assign' // =
  | 'comma';

export interface Token {
  kind: TokenKind;
  /** Source text of the token (for `string`/`raw`/`char`: the decoded value). */
  value: string;
  /** 0-based offset in the template. */
  pos: number;
  /** Whitespace precedes this token inside the action (fields after a space start a new argument). */
  spaced: boolean;
}

/** A template syntax error at `pos`. */
export class LexError extends Error {
  constructor(
    message: string,
    readonly pos: number,
    readonly hint?: string,
  ) {
    super(message);
  }
}

const SPACE = /[ \t\r\n]/;
/** Letters and decimal digits beyond ASCII, as Go's unicode.IsLetter and unicode.IsDigit (compiled on first use). */
const LETTER = /^\p{L}$/u;
const DIGIT = /^\p{Nd}$/u;

/**
 * Go's template lexer reads identifiers by runes: a letter or `_`, then letters, digits (unicode.IsDigit: decimal
 * digits only) and `_`. ASCII is decided by code, so the Unicode-class regexps, whose compilation costs ~1 ms of a
 * start, are compiled only for a template that needs them.
 */
function isIdentStart(c: string): boolean {
  if (!c) return false;
  const code = c.charCodeAt(0);
  if (code < 0x80) return (code >= 0x41 && code <= 0x5a) || (code >= 0x61 && code <= 0x7a) || code === 0x5f;
  return LETTER.test(c);
}

function isAlphaNumeric(c: string): boolean {
  if (!c) return false;
  const code = c.charCodeAt(0);
  if (code < 0x80) return (code >= 0x30 && code <= 0x39) || isIdentStart(c);
  return LETTER.test(c) || DIGIT.test(c);
}

/** The rune of `src` at `i` ('' at the end). */
const runeAt = (src: string, i: number): string => (i < src.length ? String.fromCodePoint(src.codePointAt(i)!) : '');

/** Where the run of identifier runes from `i` ends. */
function identEnd(src: string, i: number): number {
  let j = i;
  for (let r = runeAt(src, j); r && isAlphaNumeric(r); r = runeAt(src, j)) j += r.length;
  return j;
}

/** Go string escapes (strconv.Unquote) in "…" and '…' literals. */
const ESCAPES: Readonly<Record<string, string>> = { a: '\x07', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v', '\\': '\\', "'": "'", '"': '"' };

function unquote(body: string, quote: string, pos: number): string {
  let out = '';
  for (let i = 0; i < body.length; i++) {
    const ch = body[i]!;
    if (ch !== '\\') {
      out += ch;
      continue;
    }
    const e = body[++i] ?? '';
    if (e in ESCAPES && (e !== "'" || quote === "'") && (e !== '"' || quote === '"')) out += ESCAPES[e];
    else if (e === 'x' || e === 'u' || e === 'U') {
      const n = e === 'x' ? 2 : e === 'u' ? 4 : 8;
      const hex = body.slice(i + 1, i + 1 + n);
      if (!new RegExp(`^[0-9a-fA-F]{${n}}$`).test(hex)) throw new LexError(`invalid syntax in ${quote}${body}${quote}`, pos);
      out += e === 'x' ? Buffer.from([parseInt(hex, 16)]).toString('latin1') : String.fromCodePoint(parseInt(hex, 16));
      i += n;
    } else if (/[0-7]/.test(e)) {
      const oct = body.slice(i, i + 3);
      if (!/^[0-7]{3}$/.test(oct)) throw new LexError(`invalid syntax in ${quote}${body}${quote}`, pos);
      out += String.fromCharCode(parseInt(oct, 8));
      i += 2;
    } else throw new LexError(`invalid syntax in ${quote}${body}${quote}`, pos);
  }
  return out;
}

export function lex(src: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  let trimNext = false;
  while (i < src.length) {
    const open = src.indexOf('{{', i);
    let text = src.slice(i, open < 0 ? src.length : open);
    if (trimNext) text = text.replace(/^[ \t\r\n]+/, '');
    trimNext = false;
    if (open < 0) {
      if (text) tokens.push({ kind: 'text', value: text, pos: i, spaced: false });
      break;
    }
    let p = open + 2;
    const trimLeft = src[p] === '-' && SPACE.test(src[p + 1] ?? '');
    if (trimLeft) {
      text = text.replace(/[ \t\r\n]+$/, '');
      p += 1;
    }
    if (text) tokens.push({ kind: 'text', value: text, pos: i, spaced: false });
    if (src.startsWith('/*', trimLeft ? p + 1 : p)) {
      const end = src.indexOf('*/', p + 2);
      if (end < 0) throw new LexError('unclosed comment', open);
      const q = end + 2;
      if (src.startsWith('}}', q)) i = q + 2;
      else if (SPACE.test(src[q] ?? '') && src.startsWith('-}}', q + 1)) {
        i = q + 4;
        trimNext = true;
      } else throw new LexError('comment ends before closing delimiter', open);
      continue;
    }
    tokens.push({ kind: 'open', value: '{{', pos: open, spaced: false });
    const r = lexAction(src, p, tokens);
    i = r.end;
    trimNext = r.trimRight;
  }
  return tokens;
}

function lexAction(src: string, start: number, tokens: Token[]): { end: number; trimRight: boolean } {
  let i = start;
  let spaced = false;
  let parens = 0;
  const push = (kind: TokenKind, value: string, pos: number) => {
    tokens.push({ kind, value, pos, spaced });
    spaced = false;
  };
  for (;;) {
    if (i >= src.length) throw new LexError('unclosed action', start - 2);
    const ch = src[i]!;
    if (SPACE.test(ch)) {
      let j = i;
      while (SPACE.test(src[j] ?? '')) j++;
      if (src.startsWith('-}}', j) && j > i) {
        if (parens > 0) throw new LexError('unclosed left paren', j);
        push('close', '}}', j + 1);
        return { end: j + 3, trimRight: true };
      }
      spaced = true;
      i = j;
      continue;
    }
    if (src.startsWith('}}', i)) {
      if (parens > 0) throw new LexError('unclosed left paren', i);
      push('close', '}}', i);
      return { end: i + 2, trimRight: false };
    }
    const pos = i;
    if (ch === '|') {
      push('pipe', '|', pos);
      i++;
    } else if (ch === '(') {
      parens++;
      push('lparen', '(', pos);
      i++;
    } else if (ch === ')') {
      if (--parens < 0) throw new LexError('unexpected right paren', pos);
      push('rparen', ')', pos);
      i++;
    } else if (ch === ',') {
      push('comma', ',', pos);
      i++;
    } else if (src.startsWith(':=', i)) {
      push('declare', ':=', pos);
      i += 2;
    } else if (ch === '=') {
      push('assign', '=', pos);
      i++;
    } else if (ch === '"') {
      let j = i + 1;
      while (j < src.length && src[j] !== '"') {
        if (src[j] === '\\') j++;
        if (src[j] === '\n') throw new LexError('unterminated quoted string', pos);
        j++;
      }
      if (j >= src.length) throw new LexError('unterminated quoted string', pos);
      push('string', unquote(src.slice(i + 1, j), '"', pos), pos);
      i = j + 1;
    } else if (ch === '`') {
      const j = src.indexOf('`', i + 1);
      if (j < 0) throw new LexError('unterminated raw quoted string', pos);
      push('raw', src.slice(i + 1, j).replace(/\r/g, ''), pos);
      i = j + 1;
    } else if (ch === "'") {
      let j = i + 1;
      while (j < src.length && src[j] !== "'") {
        if (src[j] === '\\') j++;
        if (src[j] === '\n') throw new LexError('unterminated character constant', pos);
        j++;
      }
      if (j >= src.length) throw new LexError('unterminated character constant', pos);
      const v = unquote(src.slice(i + 1, j), "'", pos);
      if ([...v].length !== 1) throw new LexError(`malformed character constant: ${src.slice(i, j + 1)}`, pos);
      push('char', v, pos);
      i = j + 1;
    } else if (ch === '$') {
      const j = identEnd(src, i + 1);
      push('variable', src.slice(i, j), pos);
      i = j;
    } else if (ch === '.' && !/[0-9]/.test(src[i + 1] ?? '')) {
      const j = identEnd(src, i + 1);
      push(j === i + 1 ? 'dot' : 'field', src.slice(i, j), pos);
      i = j;
    } else if (/[0-9.+-]/.test(ch)) {
      const m = /^[+-]?(?:0[xX][0-9a-fA-F_]*(?:\.[0-9a-fA-F_]*)?(?:[pP][+-]?[0-9_]+)?|0[oObB][0-7_]+|[0-9_]*\.?[0-9_]*(?:[eE][+-]?[0-9_]+)?)i?/.exec(
        src.slice(i),
      )!;
      if (!m[0] || m[0] === '+' || m[0] === '-' || isAlphaNumeric(runeAt(src, i + m[0].length))) {
        throw new LexError(`bad number syntax: "${src.slice(i, i + Math.max(1, m[0].length + 1))}"`, pos);
      }
      push('number', m[0], pos);
      i += m[0].length;
    } else if (isIdentStart(runeAt(src, i))) {
      const j = identEnd(src, i);
      push('ident', src.slice(i, j), pos);
      i = j;
    } else {
      throw new LexError(`unrecognized character in action: ${JSON.stringify(ch)}`, pos);
    }
  }
}

/** 1-based line and column of `pos` in `src`. */
export function lineCol(src: string, pos: number): { line: number; col: number } {
  const before = src.slice(0, pos);
  const line = before.split('\n').length;
  return { line, col: pos - before.lastIndexOf('\n') };
}
