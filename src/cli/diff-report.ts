import { UsageError } from '../core/errors.js';
import type { FileChange } from '../emit/diff.js';

/** How changes are printed: `text` (a unified diff per file, headed per document) or `json` (for bots). */
export const DIFF_OUTPUTS = ['text', 'json'] as const;
export type DiffOutput = (typeof DIFF_OUTPUTS)[number];
export const COLOR_MODES = ['auto', 'always', 'never'] as const;

/** Exit codes of `talgen diff` and `genconfig --dry-run --exit-code` (1 stays "error"). */
export const EXIT_NO_CHANGES = 0;
export const EXIT_CHANGES = 2;

/** The version of the JSON structure; bumped when a field changes meaning or goes away. */
const JSON_FORMAT = 1;

export function parseDiffOutput(v: string | undefined): DiffOutput {
  const out = v ?? 'text';
  if (!(DIFF_OUTPUTS as readonly string[]).includes(out)) throw new UsageError(`unknown --output "${out}"`, `use ${DIFF_OUTPUTS.join(' or ')}`);
  return out as DiffOutput;
}

/** `auto`: colour when stdout is a terminal and `NO_COLOR` is not set (no-color.org); the flag overrides both. */
export function useColor(v: string | undefined, env: NodeJS.ProcessEnv = process.env, tty = process.stdout.isTTY === true): boolean {
  const mode = v ?? 'auto';
  if (!(COLOR_MODES as readonly string[]).includes(mode)) throw new UsageError(`unknown --color "${mode}"`, `use ${COLOR_MODES.join(', ')}`);
  if (mode !== 'auto') return mode === 'always';
  return tty && !env.NO_COLOR;
}

/** SGR colours per kind of line, like git's diff colours. */
const STYLE = { file: '1', heading: '1;33', hunk: '36', removed: '31', added: '32' } as const;

function paint(line: string, kind: keyof typeof STYLE | undefined, color: boolean): string {
  return color && kind && line ? `\x1b[${STYLE[kind]}m${line}\x1b[0m` : line;
}

function lineKind(line: string): keyof typeof STYLE | undefined {
  if (line.startsWith('@@')) return 'hunk';
  if (line.startsWith('-')) return 'removed';
  if (line.startsWith('+')) return 'added';
  return undefined;
}

function fileText(c: FileChange, color: boolean): string {
  if (c.status === 'unchanged') return `no changes found on ${c.path}\n`;
  const lines = [
    paint(c.status === 'added' ? '--- /dev/null' : `--- a/${c.path}`, 'file', color),
    paint(c.status === 'removed' ? '+++ /dev/null' : `+++ b/${c.path}`, 'file', color),
  ];
  for (const d of c.documents) {
    if (c.multiDocument) lines.push(paint(`# document ${d.label}: ${d.status}`, 'heading', color));
    for (const l of d.hunks.replace(/\n$/, '').split('\n')) lines.push(paint(l, lineKind(l), color));
  }
  return `${lines.join('\n')}\n`;
}

/** The changes as printed on stdout. */
export function formatChanges(changes: readonly FileChange[], output: DiffOutput, color: boolean): string {
  if (output === 'json') {
    const files = changes.map((c) => ({
      path: c.path,
      status: c.status,
      warnings: c.warnings,
      documents: c.documents.map((d) => ({ apiVersion: d.apiVersion, kind: d.kind, name: d.name, status: d.status, hunks: d.hunks })),
    }));
    return `${JSON.stringify({ format: JSON_FORMAT, changed: hasChanges(changes), files }, null, 2)}\n`;
  }
  return changes.map((c) => fileText(c, color)).join('');
}

export function hasChanges(changes: readonly FileChange[]): boolean {
  return changes.some((c) => c.status !== 'unchanged');
}
