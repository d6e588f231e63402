/**
 * Where a problem is and what it is, for every input talgen reads (talconfig, patch files, SOPS files, env files,
 * rendered configs). `TalgenError` carries a Locator; warnings and validation results are Issues; both print
 * through `formatLocator`, so every message starts `file:line:col: field.path:` with the parts that are known.
 */
export interface Locator {
  /** The file as a path (never a label: labels such as `nodes[2].patches[1]` belong in `path`). */
  file?: string;
  line?: number; // 1-based
  col?: number; // 1-based
  /** The field, e.g. `nodes[2].hostname` or `machine.install.disk`; or the step, e.g. `nodes[2].patches[1]`. */
  path?: string;
}

export type Severity = 'error' | 'warning';

export interface Issue {
  severity: Severity;
  message: string;
  hint?: string;
  at: Locator;
}

/** Receives every warning of a run (the CLI prints them to stderr; tests collect them). */
export type WarningSink = (message: string) => void;

function place(at: Locator): string {
  if (!at.file || !at.line) return at.file ?? '';
  return `${at.file}:${at.line}${at.col ? `:${at.col}` : ''}`;
}

/** `file:line:col: path` with the parts that are known ('' when none is). */
export function formatLocator(at: Locator): string {
  return [place(at), at.path].filter(Boolean).join(': ');
}

/** An issue without its severity: `file:line:col: path: message (hint)` (what a WarningSink receives). */
export function issueText(i: Issue): string {
  const loc = formatLocator(i.at);
  return `${loc ? `${loc}: ` : ''}${i.message}${i.hint ? ` (${i.hint})` : ''}`;
}

/** One issue on one line, warnings marked the way the CLI prints them: `[warning: ]file:line:col: path: message (hint)`. */
export function formatIssue(i: Issue): string {
  return `${i.severity === 'warning' ? 'warning: ' : ''}${issueText(i)}`;
}

/** Issues in source order: by file, line, column (stable for equal positions). */
export function sortIssues(issues: Issue[]): Issue[] {
  return [...issues].sort(
    (a, b) => (a.at.file ?? '').localeCompare(b.at.file ?? '') || (a.at.line ?? 0) - (b.at.line ?? 0) || (a.at.col ?? 0) - (b.at.col ?? 0),
  );
}
