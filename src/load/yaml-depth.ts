import { Composer, Parser, YAMLParseError, type CST, type Document } from 'yaml';
import { LIMITS, limitError } from '../core/limits.js';
import { LineIndex } from './sourcemap.js';

const COLLECTIONS = new Set(['block-map', 'block-seq', 'flow-collection']);

/** yaml's concrete syntax tree of a text within the depth limit, or the offset where the text goes too deep. */
export type DepthChecked = { tokens: CST.Token[]; deep?: undefined } | { deep: number };

/**
 * Parse `text` into yaml's concrete syntax tree and measure its nesting against `LIMITS.yamlDepth` with an explicit
 * stack, so any depth is measured without recursion. Callers check it before composing a document (which recurses
 * once per level) and report the offset as a located limit error; within the limit they compose the same tokens, so
 * the text is lexed and parsed once.
 */
export function parseWithinDepth(text: string): DepthChecked {
  const max = LIMITS.yamlDepth.max;
  const flow = flowTooDeep(text, max);
  if (flow !== undefined) return { deep: flow };
  let tokens: CST.Token[];
  try {
    tokens = [...new Parser().parse(text)];
  } catch (e) {
    // yaml's parser recurses once per block level as it closes them: nesting thousands of levels deep exhausts the
    // stack before any document exists. Nesting that deep is over the limit; point at the most indented line.
    if (e instanceof RangeError) return { deep: mostIndented(text) };
    throw e;
  }
  for (const top of tokens) {
    const stack: [CST.Token, number][] = [[top, 0]];
    for (let next = stack.pop(); next; next = stack.pop()) {
      const [tok, depth] = next;
      if (tok.type === 'document') {
        if (tok.value) stack.push([tok.value, depth]);
        continue;
      }
      if (!COLLECTIONS.has(tok.type)) continue;
      const coll = tok as CST.BlockMap | CST.BlockSequence | CST.FlowCollection;
      if (depth + 1 > max) return { deep: coll.offset };
      for (const item of coll.items) {
        if ('key' in item && item.key) stack.push([item.key, depth + 1]);
        if (item.value) stack.push([item.value, depth + 1]);
      }
    }
  }
  return { tokens };
}

/**
 * The offset of the first `[`/`{` nested deeper than `max` by a linear scan that skips quoted scalars and comments,
 * or undefined. yaml's lexer slows down badly on deep flow nesting (megabytes of `{a: {a: …` take it tens of
 * seconds), so this guard runs first. Skipping can only swallow brackets, so it may count a few levels too many
 * in odd text, never hundreds: a real document stays far below the limit.
 */
function flowTooDeep(text: string, max: number): number | undefined {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '[' || c === '{') {
      if (++depth > max) return i;
    } else if (c === ']' || c === '}') {
      if (depth > 0) depth--;
    } else if (c === '"') {
      for (i++; i < text.length && text[i] !== '"'; i++) if (text[i] === '\\') i++;
    } else if (c === "'") {
      i = text.indexOf("'", i + 1);
      if (i === -1) return undefined;
    } else if (c === '#' && (i === 0 || text[i - 1] === ' ' || text[i - 1] === '\t' || text[i - 1] === '\n')) {
      i = text.indexOf('\n', i);
      if (i === -1) return undefined;
    }
  }
  return undefined;
}

/** The offset of the first non-blank character of the most indented line. */
function mostIndented(text: string): number {
  let best = 0;
  let bestIndent = -1;
  for (const m of text.matchAll(/^([ \t-]*)\S/gm)) {
    if (m[1]!.length > bestIndent) [best, bestIndent] = [m.index + m[1]!.length, m[1]!.length];
  }
  return best;
}

/** yaml's concrete syntax tree of a whole file's text; a text nested too deep is a located limit error. */
export function tokensWithinDepth(text: string, file: string): CST.Token[] {
  const checked = parseWithinDepth(text);
  if (checked.deep !== undefined) throw limitError('yamlDepth', { file, ...new LineIndex(text).pos(checked.deep) });
  return checked.tokens;
}

/** parseWithinDepth's `deep` as a located limit error for a whole file's text. */
export function checkYamlDepth(text: string, file: string): void {
  tokensWithinDepth(text, file);
}

/**
 * Every document of `text`, as yaml's `parseAllDocuments(text, options)` composes them (no document for an empty
 * stream), from the tokens the depth check parsed: the text is lexed and parsed once. A text nested too deep is the
 * located limit error of checkYamlDepth.
 */
export function parseAllWithinDepth(text: string, file: string, options: ConstructorParameters<typeof Composer>[0]): Document.Parsed[] {
  return Array.from(new Composer(options).compose(tokensWithinDepth(text, file))) as Document.Parsed[];
}

/**
 * The first document composed from `tokens` of a text of `length` characters, as yaml's `parseDocument` keeps it: a
 * second document adds yaml's MULTIPLE_DOCS error to the first (unless its log level is silent). An empty text is
 * one empty document.
 */
export function composeFirst(tokens: CST.Token[], length: number, options: ConstructorParameters<typeof Composer>[0]): Document.Parsed {
  let doc: Document.Parsed | undefined;
  for (const next of new Composer(options).compose(tokens, true, length)) {
    if (!doc) doc = next as Document.Parsed;
    else if (doc.options.logLevel !== 'silent') {
      doc.errors.push(
        new YAMLParseError([next.range[0], next.range[1]], 'MULTIPLE_DOCS', 'Source contains multiple documents; please use YAML.parseAllDocuments()'),
      );
      break;
    }
  }
  // compose(…, true, …) ends with a document even for an empty text
  return doc!;
}

/**
 * The document yaml's `parseDocument(text, options)` returns, from the tokens the depth check parsed: the text is
 * lexed and parsed once. Without a line counter: for callers that pass `prettyErrors: false`. A text nested too deep
 * is the located limit error of checkYamlDepth.
 */
export function parseDocumentWithinDepth(
  text: string,
  file: string,
  options: ConstructorParameters<typeof Composer>[0] & { prettyErrors: false },
): Document.Parsed {
  return composeFirst(tokensWithinDepth(text, file), text.length, options);
}
