import { isAlias, isCollection, isMap, isScalar, isSeq, Scalar, type Document, type Node, type Pair } from 'yaml';
import { parseAllWithinDepth } from '../load/yaml-depth.js';
import { LineIndex } from '../load/sourcemap.js';
import { TalgenError } from '../core/errors.js';
import { displayPath, type Walker } from './core.js';
import { goScalar, GoYamlError, resolvePlain, type GoScalar } from './goyaml.js';

/**
 * SOPS YAML on the `yaml` AST: key order, layout and comments survive; every scalar is typed the way go-yaml v3
 * (and so sops) reads it. Used in both directions: `Walker.open` to decrypt, `Walker.seal` to encrypt.
 */
export type Docs = Document.Parsed[];

export function parseYaml(text: string, file: string): Docs {
  const docs = parseAllWithinDepth(text, file, { intAsBigInt: true, uniqueKeys: true });
  for (const d of docs) {
    const e = d.errors[0];
    if (e) throw new TalgenError(`not YAML sops could have written: ${e.message.split('\n')[0]}`, { file, ...new LineIndex(text).pos(e.pos[0]) });
  }
  return docs;
}

/** A canonical scalar node for a Go value: go-yaml reads it back as the same type and value. */
export function scalarNode(v: GoScalar): Scalar {
  switch (v.type) {
    case 'null':
      return new Scalar(null);
    case 'int':
      return new Scalar(v.value);
    case 'bool':
      return new Scalar(v.value);
    case 'float': {
      const s = new Scalar(v.value);
      if (Number.isInteger(v.value)) s.minFractionDigits = 1;
      return s;
    }
    default: {
      const s = new Scalar(v.value);
      if (resolvePlain(v.value).type !== 'str') s.type = 'QUOTE_DOUBLE';
      return s;
    }
  }
}

type Mode = 'open' | 'seal';

function mapComments(node: { commentBefore?: string | null; comment?: string | null }, fn: (line: string) => string): void {
  if (node.commentBefore) node.commentBefore = node.commentBefore.split('\n').map(fn).join('\n');
  if (node.comment) node.comment = node.comment.split('\n').map(fn).join('\n');
}

function keyOf(pair: Pair, path: string[], file: string): string {
  const k = pair.key;
  if (!isScalar(k)) throw new TalgenError('complex (non-scalar) map keys are not supported by sops', { file, path: displayPath(path) });
  let g: GoScalar;
  try {
    g = goScalar(k);
  } catch (e) {
    if (e instanceof GoYamlError) throw new TalgenError(e.message, { file, path: displayPath(path) });
    throw e;
  }
  if (g.type !== 'str') {
    throw new TalgenError(`map key is a YAML ${g.type}, not a string; sops supports string keys only (quote it)`, {
      file,
      path: displayPath([...path, String(k.value)]),
    });
  }
  return g.value;
}

/** Walk one collection in file order: comments, then each entry; replaces leaves in place. */
function walk(node: Node, path: string[], w: Walker, mode: Mode, top: boolean): void {
  const comment = (p: string[]) => (line: string) => (mode === 'open' ? w.openComment(p, line) : w.sealComment(p, line));
  const leaf = (n: Node | null, p: string[], where: string[]): Node | null => {
    if (n === null) return null;
    if (isAlias(n)) throw new TalgenError('YAML aliases are not supported in a sops file (sops expands them)', { file: w.file, path: displayPath(p) });
    if (isScalar(n)) {
      let g: GoScalar;
      try {
        g = goScalar(n);
      } catch (e) {
        if (e instanceof GoYamlError) throw new TalgenError(e.message, { file: w.file, path: displayPath(p) });
        throw e;
      }
      const out = mode === 'open' ? w.open(p, g) : w.seal(p, g);
      const keepStyle = out === g && g.type === 'str' && n.type !== 'PLAIN';
      const repl = keepStyle ? n : scalarNode(out);
      repl.commentBefore = n.commentBefore;
      repl.comment = n.comment;
      mapComments(repl, comment(where));
      return repl;
    }
    walk(n, p, w, mode, false);
    return n;
  };
  if (isCollection(node)) mapComments(node, comment(path));
  if (isMap(node)) {
    for (const pair of node.items) {
      const k = keyOf(pair, path, w.file);
      mapComments(pair.key as Scalar, comment(path));
      if (top && k === 'sops') continue;
      pair.value = leaf(pair.value as Node | null, [...path, k], path);
    }
  } else if (isSeq(node)) {
    node.items = node.items.map((item) => leaf(item as Node | null, path, path));
  } else if (isScalar(node) && node.value === null) {
    // an empty document
  } else {
    throw new TalgenError('the top level of a sops YAML document must be a mapping', { file: w.file });
  }
}

/** Walk every document's data (the `sops` key of the top level is skipped); comments at document level get path []. */
export function walkDocs(docs: Docs, w: Walker, mode: Mode): void {
  for (const d of docs) {
    const fn = (line: string) => (mode === 'open' ? w.openComment([], line) : w.sealComment([], line));
    if (d.commentBefore) d.commentBefore = d.commentBefore.split('\n').map(fn).join('\n');
    if (d.comment) d.comment = d.comment.split('\n').map(fn).join('\n');
    if (d.contents === null) continue;
    if (isAlias(d.contents) || (!isCollection(d.contents) && !(isScalar(d.contents) && d.contents.value === null))) {
      throw new TalgenError('the top level of a sops YAML document must be a mapping', { file: w.file });
    }
    if (isSeq(d.contents)) throw new TalgenError('YAML documents that are lists are not supported by sops', { file: w.file });
    walk(d.contents as Node, [], w, mode, true);
  }
}

export function docsToString(docs: Docs): string {
  return docs.map((d) => d.toString({ lineWidth: 0 })).join('');
}
