import { structuredPatch } from 'diff';
import { lineCount, splitDocuments, yamlError, type DocumentId } from './documents.js';
import { redactSecrets, type RedactOptions } from './redact.js';

/**
 * The change between an existing output file and its new render, per document: documents are matched by
 * apiVersion/kind/name (and occurrence), each changed one gets unified-diff hunks whose line numbers count lines of
 * the whole file as shown (after redaction), so the hunks of one file read as one unified diff.
 */

export type FileStatus = 'added' | 'removed' | 'changed' | 'unchanged';
export type DocumentStatus = Exclude<FileStatus, 'unchanged'>;

export interface DocumentChange extends DocumentId {
  /** `apiVersion/kind/name` as far as known; `whole file` when the existing file is compared as text. */
  label: string;
  status: DocumentStatus;
  /** `@@ -a,b +c,d @@ label` lines with their context, `-` and `+` lines, newline-terminated. */
  hunks: string;
}

export interface FileChange {
  /** As shown: relative to the repository root. */
  path: string;
  status: FileStatus;
  /** Either version has more than one document: the text output heads each document's hunks. */
  multiDocument: boolean;
  documents: DocumentChange[];
  /** Why a file is compared as a whole (it is not YAML). */
  warnings: string[];
}

export interface DiffInput {
  path: string;
  /** The existing file's text; undefined when there is none. */
  before?: string;
  /** The new text; undefined when the file is no longer produced. */
  after?: string;
}

interface Shown {
  key: string;
  id: DocumentId;
  label: string;
  /** The label when the document has an identity (hunk headers name it), else ''. */
  context: string;
  text: string;
  /** 1-based first line in the file as shown. */
  line: number;
}

/** The documents of a file as shown (redacted), each with a key unique in the file and its line as shown. */
function shownDocuments(text: string | undefined, o: RedactOptions): Shown[] {
  if (text === undefined) return [];
  const seen = new Map<string, number>();
  let line = 1;
  return splitDocuments(text).map((d) => {
    const n = seen.get(d.label) ?? 0;
    seen.set(d.label, n + 1);
    const shown = redactSecrets(d.text, o);
    const identified = d.id.apiVersion !== null || d.id.kind !== null || d.id.name !== null;
    const s = { key: `${d.label}#${n}`, id: d.id, label: d.label, context: identified ? d.label : '', text: shown, line };
    line += lineCount(shown);
    return s;
  });
}

/**
 * Unified hunks of `a` → `b`, the documents starting at lines `aLine`/`bLine` of their files; like git's function
 * context, each hunk header names its document when it has an identity.
 */
function hunks(label: string, a: string, b: string, aLine: number, bLine: number): string {
  const p = structuredPatch('a', 'b', a, b, undefined, undefined, { context: 3 });
  return p.hunks
    .map((h) => {
      // Unified diff: a range of 0 lines names the line before it.
      const oldStart = (h.oldLines === 0 ? h.oldStart - 1 : h.oldStart) + aLine - 1;
      const newStart = (h.newLines === 0 ? h.newStart - 1 : h.newStart) + bLine - 1;
      return `@@ -${oldStart},${h.oldLines} +${newStart},${h.newLines} @@${label ? ` ${label}` : ''}\n${h.lines.join('\n')}\n`;
    })
    .join('');
}

const lastLine = (d: Shown): number => d.line + lineCount(d.text) - 1;

function documentChanges(before: Shown[], after: Shown[]): DocumentChange[] {
  const oldIndex = new Map(before.map((d, i) => [d.key, i]));
  const newKeys = new Set(after.map((d) => d.key));
  const out: DocumentChange[] = [];
  let oldCursor = 0;
  let newCursor = 0;
  let nextOld = 0;
  const removedUpTo = (end: number) => {
    for (; nextOld < end; nextOld++) {
      const d = before[nextOld]!;
      if (newKeys.has(d.key)) continue;
      out.push({ ...d.id, label: d.label, status: 'removed', hunks: hunks(d.context, d.text, '', d.line, newCursor + 1) });
      oldCursor = lastLine(d);
    }
  };
  for (const d of after) {
    const j = oldIndex.get(d.key);
    if (j === undefined) {
      out.push({ ...d.id, label: d.label, status: 'added', hunks: hunks(d.context, '', d.text, oldCursor + 1, d.line) });
    } else {
      removedUpTo(j);
      const old = before[j]!;
      if (old.text !== d.text) out.push({ ...d.id, label: d.label, status: 'changed', hunks: hunks(d.context, old.text, d.text, old.line, d.line) });
      oldCursor = Math.max(oldCursor, lastLine(old));
      nextOld = Math.max(nextOld, j + 1);
    }
    newCursor = lastLine(d);
  }
  removedUpTo(before.length);
  return out;
}

/** The file compared as text, not per document. */
function wholeFile(before: string, after: string): DocumentChange {
  return { apiVersion: null, kind: null, name: null, label: 'whole file', status: 'changed', hunks: hunks('', before, after, 1, 1) };
}

/**
 * Compare one output file. An existing file that is not YAML (corrupted, truncated inside a token) is one whole-file
 * change with a warning; its text is shown only with `showSecrets`.
 */
export function diffFile(input: DiffInput, o: RedactOptions = {}): FileChange {
  const { path, before, after } = input;
  const parseError = before === undefined ? undefined : yamlError(before);
  if (parseError !== undefined) {
    const problem = `the existing file is not YAML (${parseError})`;
    const shownBefore = o.showSecrets ? before! : `<existing file not shown: ${problem}>\n`;
    const shownAfter = shownDocuments(after, o)
      .map((d) => d.text)
      .join('');
    return {
      path,
      status: after === undefined ? 'removed' : 'changed',
      multiDocument: false,
      documents: [wholeFile(shownBefore, shownAfter)],
      warnings: [`${path}: ${problem}; shown as a whole-file change`],
    };
  }
  const a = shownDocuments(before, o);
  const b = shownDocuments(after, o);
  const documents = documentChanges(a, b);
  const [textA, textB] = [a, b].map((docs) => docs.map((d) => d.text).join(''));
  if (!documents.length && textA !== textB) {
    // Every document is as it was, but not in the same order.
    documents.push(wholeFile(textA!, textB!));
  }
  const status: FileStatus = before === undefined ? 'added' : after === undefined ? 'removed' : documents.length ? 'changed' : 'unchanged';
  return { path, status, multiDocument: a.length > 1 || b.length > 1, documents, warnings: [] };
}
