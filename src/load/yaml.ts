import { existsSync, readFileSync } from 'node:fs';
import { isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node } from 'yaml';
import { TalgenError, type SourcePos } from '../core/errors.js';

export type PathPart = string | number;

export interface LoadedYaml {
  file: string;
  value: unknown;
  /** file:line:col of the value (or key) at `path`, as close as the document allows. */
  positionOf(path: PathPart[], key?: boolean): SourcePos;
}

/** Parse one YAML document keeping source positions; anchors, aliases and `<<` merge keys are resolved. */
export function parseYamlText(text: string, file: string): LoadedYaml {
  const lc = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lc, merge: true, uniqueKeys: true, prettyErrors: false }) as Document.Parsed;
  const err = doc.errors[0];
  if (err) {
    const p = err.linePos?.[0] ?? (err.pos ? lc.linePos(err.pos[0]) : undefined);
    const msg = err.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
    throw new TalgenError(msg, { file, line: p?.line, col: p?.col, hint: 'fix the YAML syntax (indentation, quotes, a missing ":")' });
  }
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: 10000 });
  } catch (e) {
    throw new TalgenError((e as Error).message, { file });
  }
  const positionOf = (path: PathPart[], key = false): SourcePos => {
    let node: unknown = doc.contents;
    let keyNode: Node | undefined;
    for (const part of path) {
      if (isMap(node)) {
        const pair = node.items.find((it) => isPair(it) && isScalar(it.key) && String(it.key.value) === String(part));
        if (!pair) break;
        keyNode = pair.key as Node;
        node = pair.value;
      } else if (isSeq(node) && typeof part === 'number') {
        node = node.items[part];
        keyNode = undefined;
      } else break;
    }
    const target = (key && keyNode) || (node as Node | undefined) || keyNode;
    const off = target?.range?.[0];
    if (off === undefined) return { file };
    const pos = lc.linePos(off);
    return { file, line: pos.line, col: pos.col };
  };
  return { file, value, positionOf };
}

export function readTextFile(path: string, what: string): string {
  if (!existsSync(path)) throw new TalgenError(`${what} not found`, { file: path });
  return readFileSync(path, 'utf8');
}
