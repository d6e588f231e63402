import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { isAlias, isMap, isPair, isScalar, isSeq, visit, type Document, type Node, type Pair, type YAMLMap } from 'yaml';
import { TalgenError, type SourcePos } from '../core/errors.js';
import { LIMITS, limitError } from '../core/limits.js';
import { readInputFile } from '../core/read-input.js';
import { LineIndex, type OffsetMap } from './sourcemap.js';
import { composeFirst, parseWithinDepth } from './yaml-depth.js';
import { LONE_SURROGATE_HINT, LONE_SURROGATE_MESSAGE, loneSurrogateAt, mayHoldLoneSurrogate } from './yaml-unicode.js';

export type PathPart = string | number;

/** A printed field path back to its parts: `sops.age[0].enc` → ['sops', 'age', 0, 'enc']. */
export function parsePath(path: string): PathPart[] {
  return [...path.matchAll(/([^.[\]]+)|\[(\d+)\]/g)].map((m) => (m[2] !== undefined ? Number(m[2]) : m[1]!));
}

export interface Position {
  file: string;
  line: number;
  col: number;
}

export interface LoadedYaml {
  file: string;
  /** The document as plain JS: anchors, aliases and `<<` merge keys resolved. */
  value: unknown;
  /** The parsed document (nodes carry offsets into the parsed text). */
  doc: Document.Parsed;
  /**
   * file:line:col in the text the user wrote of the value at `path` (or of its key with `key`), following aliases
   * and merge keys to where the value is written; the closest existing ancestor when the path does not exist.
   */
  positionOf(path: PathPart[], key?: boolean): Position;
  /** file:line:col in the text the user wrote of an offset into the parsed text (node ranges). */
  at(offset: number): Position;
}

export interface ParseOptions {
  /** The parsed text was rewritten from `source` (environment substitution): report positions in `source`. */
  source?: string;
  map?: OffsetMap;
  /** Hint for syntax errors (default: generic YAML advice). */
  hint?: string;
}

const SYNTAX_HINTS: Record<string, string> = {
  DUPLICATE_KEY: 'a key appears twice in the same mapping; remove or rename one (YAML anchors with `<<: *name` are the way to share values)',
  BAD_INDENT: 'check the indentation: nested keys need more spaces than their parent, siblings the same',
  TAB_AS_INDENT: 'YAML indentation uses spaces, not tabs',
  MISSING_CHAR: 'a quote, bracket or ":" is missing',
  UNEXPECTED_TOKEN: 'fix the YAML syntax (indentation, quotes, a missing ":")',
  BAD_ALIAS: 'an alias (*name) must refer to an anchor (&name) defined earlier in the same file',
  MULTIPLE_DOCS: 'this file holds one YAML document; remove the extra "---"',
};

/** Parse one YAML document keeping source positions; anchors, aliases and `<<` merge keys are resolved. */
export function parseYamlText(text: string, file: string, opts: ParseOptions = {}): LoadedYaml {
  const lines = new LineIndex(opts.source ?? text);
  const at = (offset: number): Position => {
    const src = opts.map ? opts.map.toSource(offset) : offset;
    return { file, ...lines.pos(src) };
  };
  const checked = parseWithinDepth(text);
  if (checked.deep !== undefined) throw limitError('yamlDepth', at(checked.deep));
  const doc = composeFirst(checked.tokens, text.length, { merge: true, uniqueKeys: true, keepSourceTokens: false });
  const err = doc.errors[0];
  if (err) {
    let msg = err.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
    if (err.code === 'DUPLICATE_KEY') {
      const dup = duplicateKeyName(text, err.pos[0]);
      if (dup) msg = `duplicate key "${dup}"`;
    }
    if (err.code === 'MULTIPLE_DOCS') msg = 'more than one YAML document';
    const hint = opts.hint ?? SYNTAX_HINTS[err.code] ?? SYNTAX_HINTS.UNEXPECTED_TOKEN;
    throw new TalgenError(`YAML: ${msg}`, { ...at(err.pos[0]), hint });
  }
  const lone = mayHoldLoneSurrogate(text) ? loneSurrogateAt(doc) : undefined;
  if (lone !== undefined) throw new TalgenError(LONE_SURROGATE_MESSAGE, { ...at(lone), hint: LONE_SURROGATE_HINT });
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: LIMITS.yamlAliases.max });
  } catch (e) {
    throw aliasError(e, doc, at);
  }

  const positionOf = (path: PathPart[], key = false): Position => {
    const off = offsetOf(doc, path, key);
    if (off === undefined) return { file, line: 1, col: 1 };
    return at(off);
  };
  return { file, value, doc, positionOf, at };
}

/**
 * Offset in the parsed text of the value at `path` of a parsed document (of its key with `key`), following aliases
 * and merge keys to where the value is written; the closest existing ancestor when the path does not exist.
 */
export function offsetOf(doc: Document.Parsed, path: PathPart[], key = false): number | undefined {
  let node: unknown = doc.contents;
  let keyNode: Node | undefined;
  for (const part of path) {
    node = deref(doc, node);
    if (isMap(node)) {
      const pair = findPair(doc, node, String(part), 0);
      if (!pair) break;
      keyNode = pair.key as Node;
      node = pair.value;
    } else if (isSeq(node) && typeof part === 'number' && part < node.items.length) {
      node = node.items[part];
      keyNode = undefined;
    } else break;
  }
  const target = (key && keyNode) || (node as Node | null | undefined) || keyNode;
  return (target as Node | undefined)?.range?.[0];
}

/** Read and parse a YAML file; a missing file says where talgen looked. */
export function loadYamlFile(path: string, what = 'YAML file'): LoadedYaml {
  const abs = resolve(path);
  return parseYamlText(readTextFile(abs, what), abs);
}

/** Read a text file; a missing one is a TalgenError naming the absolute path talgen looked at. */
export function readTextFile(path: string, what: string): string {
  const abs = resolve(path);
  if (!existsSync(abs))
    throw new TalgenError(`${what} not found (looked at ${abs})`, { file: abs, hint: `check the path; relative paths resolve against ${process.cwd()}` });
  return readInputFile(abs, what, { file: abs });
}

function deref(doc: Document.Parsed, node: unknown): unknown {
  for (let i = 0; i < 100 && isAlias(node); i++) node = node.resolve(doc);
  return node;
}

function isMergeKey(key: unknown): boolean {
  if (!isScalar(key)) return false;
  const v = key.value;
  return v === '<<' || (typeof v === 'symbol' && v.description === '<<');
}

/**
 * The error of a document whose aliases yaml's toJS cannot resolve: an alias bomb is the yamlAliases limit, an
 * alias without its anchor is named.
 */
export function aliasError(e: unknown, doc: Document, at: (offset: number) => SourcePos): TalgenError {
  const msg = e instanceof Error ? e.message : String(e);
  const name = /^Unresolved alias[^:]*: (.*)$/.exec(msg)?.[1];
  let offset = 0;
  visit(doc, {
    Alias(_, node) {
      if (name !== undefined && node.source !== name) return undefined;
      offset = node.range?.[0] ?? 0;
      return visit.BREAK;
    },
  });
  if (/excessive alias count/i.test(msg)) return limitError('yamlAliases', at(offset));
  if (name !== undefined) return new TalgenError(`YAML: alias *${name} has no anchor &${name} before it`, { ...at(offset), hint: SYNTAX_HINTS.BAD_ALIAS });
  return new TalgenError(`YAML: ${msg}`, { ...at(offset), hint: 'an alias refers to itself' });
}

/** The pair of `key` in `map`: an explicit key first, then merge sources (`<<`) in order, like toJS resolves them. */
function findPair(doc: Document.Parsed, map: YAMLMap, key: string, depth: number): Pair | undefined {
  if (depth > 50) return undefined;
  for (const it of map.items) {
    if (isPair(it) && !isMergeKey(it.key) && isScalar(it.key) && String(it.key.value) === key) return it;
  }
  for (const it of map.items) {
    if (!isPair(it) || !isMergeKey(it.key)) continue;
    const v = deref(doc, it.value);
    const sources = isSeq(v) ? v.items.map((s) => deref(doc, s)) : [v];
    for (const s of sources) {
      if (!isMap(s)) continue;
      const found = findPair(doc, s, key, depth + 1);
      if (found) return found;
    }
  }
  return undefined;
}

/** The key at the duplicate-key error offset (the yaml library reports the mapping, not the key name). */
function duplicateKeyName(text: string, offset: number): string | undefined {
  const m = /^\s*(?:-\s+)?["']?([^"':\n]+?)["']?\s*:/.exec(text.slice(offset, offset + 300));
  return m?.[1];
}
