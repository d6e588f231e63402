import type { Arg, Command, Node, Pipeline, TemplateSet } from './ast.js';
import { LIMITS, limitError } from '../core/limits.js';
import { lex, LexError, type Token } from './lexer.js';

/** Keywords that start a control action; `true`, `false` and `nil` are values. */
const KEYWORDS = new Set(['block', 'break', 'continue', 'define', 'else', 'end', 'if', 'range', 'template', 'with']);

/** Parse `src` (Go text/template syntax) into a template set. `isFunc` tells which function names exist. */
export function parseTemplate(src: string, isFunc: (name: string) => boolean): TemplateSet {
  return new Parser(lex(src), isFunc).parseSet();
}

type Stop = { word: 'end' | 'else' | 'eof'; pos: number; elseChain?: 'if' | 'with' };

class Parser {
  private i = 0;
  private readonly defined = new Map<string, Node[]>();
  /** Variable scopes: each control structure opens one, `$` is always defined. */
  private vars: string[] = ['$'];
  private rangeDepth = 0;
  /** Open parentheses and blocks around the current token (bounded by the templateDepth limit). */
  private depth = 0;

  constructor(
    private readonly toks: Token[],
    private readonly isFunc: (name: string) => boolean,
  ) {}

  parseSet(): TemplateSet {
    const main: Node[] = [];
    for (;;) {
      const stop = this.parseList(main, true);
      if (stop.word === 'eof') break;
      throw new LexError(`unexpected {{${stop.word}}}`, stop.pos);
    }
    return { main, defined: this.defined };
  }

  private peek(offset = 0): Token | undefined {
    return this.toks[this.i + offset];
  }

  private next(): Token {
    const t = this.toks[this.i++];
    if (!t) throw new LexError('unexpected EOF', this.toks.at(-1)?.pos ?? 0);
    return t;
  }

  private expect(kind: Token['kind'], context: string): Token {
    const t = this.next();
    if (t.kind !== kind) throw new LexError(`unexpected ${describe(t)} in ${context}`, t.pos);
    return t;
  }

  /** Parse nodes into `out` until `{{end}}`, `{{else …}}` or the end of input. */
  /** Parse one nested part with the depth counted; past the templateDepth limit the template is refused. */
  private nested<T>(pos: number, parse: () => T): T {
    if (this.depth >= LIMITS.templateDepth.max) {
      const limit = limitError('templateDepth');
      throw new LexError(limit.message, pos, limit.hint);
    }
    this.depth++;
    try {
      return parse();
    } finally {
      this.depth--;
    }
  }

  private parseList(out: Node[], top = false): Stop {
    return this.nested(this.peek()?.pos ?? 0, () => this.parseListBody(out, top));
  }

  private parseListBody(out: Node[], top: boolean): Stop {
    for (;;) {
      const t = this.peek();
      if (!t) return { word: 'eof', pos: this.toks.at(-1)?.pos ?? 0 };
      this.i++;
      if (t.kind === 'text') {
        out.push({ t: 'text', pos: t.pos, text: t.value });
        continue;
      }
      const first = this.peek();
      if (first?.kind === 'ident' && KEYWORDS.has(first.value)) {
        this.i++;
        const word = first.value;
        if (word === 'end') {
          this.expect('close', 'end');
          return { word: 'end', pos: first.pos };
        }
        if (word === 'else') {
          const after = this.peek();
          if (after?.kind === 'ident' && (after.value === 'if' || after.value === 'with')) {
            this.i++;
            return { word: 'else', pos: first.pos, elseChain: after.value };
          }
          this.expect('close', 'else');
          return { word: 'else', pos: first.pos };
        }
        if (word === 'define') {
          if (!top) throw new LexError('unexpected <define> in command', first.pos);
          this.parseDefine(first.pos);
          continue;
        }
        out.push(this.parseControl(word, first.pos));
        continue;
      }
      const pipe = this.parsePipeline('command', true);
      out.push({ t: 'action', pos: t.pos, pipe });
    }
  }

  private parseDefine(pos: number): void {
    const name = this.next();
    if (name.kind !== 'string' && name.kind !== 'raw') throw new LexError(`unexpected ${describe(name)} in define clause`, name.pos);
    this.expect('close', 'define clause');
    const saved = this.vars;
    this.vars = ['$'];
    const body: Node[] = [];
    const stop = this.parseList(body);
    this.vars = saved;
    if (stop.word !== 'end') throw new LexError(stop.word === 'eof' ? 'unexpected EOF' : `unexpected {{${stop.word}}}`, stop.pos || pos);
    this.addDefined(name.value, body, pos);
  }

  private addDefined(name: string, body: Node[], pos: number): void {
    const prev = this.defined.get(name);
    const isEmpty = (nodes: Node[]) => nodes.every((n) => n.t === 'text' && n.text.trim() === '');
    if (prev && !isEmpty(prev) && !isEmpty(body)) throw new LexError(`template: multiple definition of template "${name}"`, pos);
    if (!prev || !isEmpty(body)) this.defined.set(name, body);
  }

  private parseControl(word: string, pos: number): Node {
    switch (word) {
      case 'if':
      case 'with':
      case 'range':
        return this.parseBranch(word, pos);
      case 'break':
      case 'continue':
        if (this.rangeDepth === 0) throw new LexError(`{{${word}}} outside {{range}}`, pos);
        this.expect('close', word);
        return { t: word, pos };
      case 'template':
      case 'block': {
        const name = this.next();
        if (name.kind !== 'string' && name.kind !== 'raw') throw new LexError(`unexpected ${describe(name)} in ${word} clause`, name.pos);
        const pipe = this.peek()?.kind === 'close' ? (this.i++, undefined) : this.parsePipeline(`${word} clause`, false);
        if (word === 'block') {
          const saved = this.vars;
          this.vars = ['$'];
          const body: Node[] = [];
          const stop = this.parseList(body);
          this.vars = saved;
          if (stop.word !== 'end') throw new LexError(stop.word === 'eof' ? 'unexpected EOF' : `unexpected {{${stop.word}}}`, stop.pos);
          this.addDefined(name.value, body, pos);
        }
        return { t: 'template', pos, name: name.value, pipe };
      }
    }
    throw new LexError(`unexpected <${word}>`, pos);
  }

  /** `if`/`with`/`range` with their lists; `else if` / `else with` nest as a single node in the else list. */
  private parseBranch(word: 'if' | 'with' | 'range', pos: number): Node {
    const scope = this.vars.length;
    const pipe = this.parsePipeline(word, true, word === 'range');
    if (word === 'range') this.rangeDepth++;
    const list: Node[] = [];
    let stop = this.parseList(list);
    if (word === 'range') this.rangeDepth--;
    let elseList: Node[] | undefined;
    if (stop.word === 'else') {
      elseList = [];
      if (stop.elseChain) {
        // `{{if a}}…{{else if b}}…{{end}}` is `{{if a}}…{{else}}{{if b}}…{{end}}{{end}}` sharing the closing end,
        // likewise `with`; Go accepts no other combination.
        if (stop.elseChain !== word) throw new LexError(`unexpected <${stop.elseChain}> in input`, stop.pos);
        elseList.push(this.parseBranch(stop.elseChain, stop.pos));
        this.vars.length = scope;
        return { t: word, pos, pipe, list, elseList };
      }
      stop = this.parseList(elseList);
    }
    this.vars.length = scope;
    if (stop.word !== 'end') throw new LexError(stop.word === 'eof' ? 'unexpected EOF' : `expected end; found {{${stop.word}}}`, stop.pos);
    return { t: word, pos, pipe, list, elseList };
  }

  /** A pipeline up to `}}` (or `)` when `inParens`), with an optional variable declaration or assignment. */
  private parsePipeline(context: string, allowDecl: boolean, isRange = false, inParens = false): Pipeline {
    const start = this.peek();
    const pipe: Pipeline = { pos: start?.pos ?? 0, decl: [], isAssign: false, cmds: [] };
    if (allowDecl) this.parseDecl(pipe, isRange);
    for (;;) {
      const t = this.peek();
      if (!t) throw new LexError('unclosed action', pipe.pos);
      if (t.kind === 'close' && !inParens) {
        this.i++;
        break;
      }
      if (t.kind === 'rparen' && inParens) {
        this.i++;
        break;
      }
      if (t.kind === 'close' || t.kind === 'rparen') throw new LexError(`unexpected ${describe(t)} in operand`, t.pos);
      pipe.cmds.push(this.parseCommand(inParens));
      const sep = this.peek();
      if (sep?.kind === 'pipe') {
        this.i++;
        const after = this.peek();
        if (!after || after.kind === 'close' || after.kind === 'rparen' || after.kind === 'pipe') throw new LexError('missing command', sep.pos);
      }
    }
    if (pipe.cmds.length === 0) throw new LexError(`missing value for ${context}`, pipe.pos);
    pipe.cmds.forEach((c, n) => {
      const a = c.args[0]!;
      if (n > 0 && ['bool', 'dot', 'nil', 'number', 'string'].includes(a.t)) {
        throw new LexError(`non executable command in pipeline stage ${n + 1}`, a.pos);
      }
    });
    for (const v of pipe.decl) if (!pipe.isAssign) this.vars.push(v);
    return pipe;
  }

  /** `$x :=` / `$x =`, and for `range` also `$i, $v :=`. */
  private parseDecl(pipe: Pipeline, isRange: boolean): void {
    const v = this.peek();
    if (v?.kind !== 'variable') return;
    const op = this.peek(1);
    if (op?.kind === 'declare' || op?.kind === 'assign') {
      this.i += 2;
      pipe.decl.push(v.value);
      pipe.isAssign = op.kind === 'assign';
      if (pipe.isAssign) this.checkVar(v);
      return;
    }
    if (op?.kind === 'comma') {
      if (!isRange) throw new LexError('too many declarations in command', v.pos);
      const v2 = this.peek(2);
      const op2 = this.peek(3);
      if (v2?.kind === 'variable' && (op2?.kind === 'declare' || op2?.kind === 'assign')) {
        this.i += 4;
        pipe.decl.push(v.value, v2.value);
        pipe.isAssign = op2.kind === 'assign';
        if (pipe.isAssign)
          [v, v2].forEach((x) => {
            this.checkVar(x);
          });
        return;
      }
      throw new LexError('too many declarations in command', v.pos);
    }
  }

  private checkVar(t: Token): void {
    if (!this.vars.includes(t.value)) throw new LexError(`undefined variable "${t.value}"`, t.pos);
  }

  private parseCommand(inParens: boolean): Command {
    const cmd: Command = { pos: this.peek()!.pos, args: [] };
    for (;;) {
      const t = this.peek();
      if (!t || t.kind === 'close' || t.kind === 'pipe' || (t.kind === 'rparen' && inParens)) break;
      if (cmd.args.length > 0 && !t.spaced && t.kind !== 'rparen') throw new LexError(`bad character ${goRune(firstChar(t))}`, t.pos);
      cmd.args.push(this.parseOperand());
    }
    if (cmd.args.length === 0) throw new LexError('empty command', cmd.pos);
    return cmd;
  }

  /** A term followed by a field chain written without spaces (`$x.A`, `(…).B`). */
  private parseOperand(): Arg {
    const term = this.parseTerm();
    const names: string[] = [];
    while (this.peek()?.kind === 'field' && !this.peek()!.spaced) names.push(this.next().value.slice(1));
    if (!names.length) return term;
    switch (term.t) {
      case 'field':
        return { ...term, names: [...term.names, ...names] };
      case 'variable':
        return { ...term, names: [...term.names, ...names] };
      case 'pipe':
      case 'chain':
        return { t: 'chain', pos: term.pos, node: term, names };
      default:
        throw new LexError(`unexpected . after term "${term.t === 'ident' ? term.name : term.t}"`, term.pos);
    }
  }

  private parseTerm(): Arg {
    const t = this.next();
    switch (t.kind) {
      case 'ident':
        if (t.value === 'true' || t.value === 'false') return { t: 'bool', pos: t.pos, value: t.value === 'true' };
        if (t.value === 'nil') return { t: 'nil', pos: t.pos };
        if (KEYWORDS.has(t.value)) throw new LexError(`unexpected <${t.value}> in command`, t.pos);
        if (!this.isFunc(t.value)) throw new LexError(`function "${t.value}" not defined`, t.pos);
        return { t: 'ident', pos: t.pos, name: t.value };
      case 'dot':
        return { t: 'dot', pos: t.pos };
      case 'field':
        return { t: 'field', pos: t.pos, names: [t.value.slice(1)] };
      case 'variable':
        this.checkVar(t);
        return { t: 'variable', pos: t.pos, name: t.value, names: [] };
      case 'string':
      case 'raw':
        return { t: 'string', pos: t.pos, value: t.value };
      case 'char':
        return { t: 'number', pos: t.pos, text: `'${t.value}'`, value: BigInt(t.value.codePointAt(0)!) };
      case 'number':
        return { t: 'number', pos: t.pos, text: t.value, value: parseNumber(t.value, t.pos) };
      case 'lparen':
        return { t: 'pipe', pos: t.pos, pipe: this.nested(t.pos, () => this.parsePipeline('parenthesized pipeline', false, false, true)) };
      default:
        throw new LexError(`unexpected ${describe(t)} in operand`, t.pos);
    }
  }
}

/** The first source character of a token (quoted tokens hold their decoded value). */
function firstChar(t: Token): string {
  const quote: Partial<Record<Token['kind'], string>> = { string: '"', raw: '`', char: "'" };
  return quote[t.kind] ?? t.value[0] ?? '';
}

/** A character as Go's `%#U` prints it: `U+0022 '"'`. */
function goRune(ch: string): string {
  return `U+${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')} '${ch}'`;
}

function describe(t: Token): string {
  if (t.kind === 'close') return '"}}"';
  if (t.kind === 'rparen') return '")"';
  return `"${t.value}"`;
}

/** Go number literal → int (`bigint`) or float64 (`number`, when written with `.`, an exponent or `p`). */
function parseNumber(text: string, pos: number): bigint | number {
  if (text.endsWith('i')) throw new LexError(`complex constants are not supported: ${text}`, pos);
  const clean = text.replace(/_/g, '');
  const neg = clean.startsWith('-');
  const body = clean.replace(/^[+-]/, '');
  const isHex = /^0[xX]/.test(body);
  if (isHex ? /[pP.]/.test(body) : /[.eE]/.test(body)) {
    const f = isHex ? parseHexFloat(body) : Number(body);
    if (Number.isNaN(f)) throw new LexError(`illegal number syntax: "${text}"`, pos);
    return neg ? -f : f;
  }
  let digits = body;
  if (/^0[oO]/.test(body)) digits = `0o${body.slice(2)}`;
  else if (/^0[0-7]+$/.test(body)) digits = `0o${body.slice(1)}`;
  try {
    const n = BigInt(digits);
    return neg ? -n : n;
  } catch {
    throw new LexError(`illegal number syntax: "${text}"`, pos);
  }
}

function parseHexFloat(body: string): number {
  const m = /^0[xX]([0-9a-fA-F]*)(?:\.([0-9a-fA-F]*))?[pP]([+-]?\d+)$/.exec(body);
  if (!m) return NaN;
  const frac = m[2] ?? '';
  const mant = parseInt(`${m[1] || '0'}${frac}`, 16) / 16 ** frac.length;
  return mant * 2 ** Number(m[3]);
}
