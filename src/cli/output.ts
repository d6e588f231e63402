import type { DebugSink } from '../core/debug.js';

/** Where user-facing lines go: results on stdout, progress/warnings on stderr. */
export const say = (line: string): void => {
  process.stderr.write(`${line}\n`);
};
const warned = new Set<string>();
/** A run starts with no warning printed yet (main() may run more than once in one process). */
export const beginRun = (): void => {
  warned.clear();
};
/** The CLI's warning sink: each distinct warning once per run (a global patch warns the same for every node). */
export const warn = (line: string): void => {
  if (warned.has(line)) return;
  warned.add(line);
  process.stderr.write(`warning: ${line}\n`);
};
export const print = (text: string): void => {
  process.stdout.write(text);
};

/** Plaintext secrets for stdout: written as asked, with a warning when stdout is a terminal (scrollback, screen sharing). */
export const printSecrets = (text: string, what: string, hint?: string): void => {
  if (process.stdout.isTTY) warn(`printing ${what} to a terminal${hint ? ` (${hint})` : ''}`);
  print(text);
};

/** The `-d/--debug` sink: one line per pipeline step on stderr (subjects and counts only, see core/debug.ts). */
export const debugLine: DebugSink = ({ step, subject, counts, ms }) => {
  const c = Object.entries(counts).map(([k, v]) => `${k}=${v}`);
  process.stderr.write(`debug: ${step} ${subject}${c.length ? ` ${c.join(' ')}` : ''} (${ms.toFixed(1)} ms)\n`);
};

/**
 * A reader that goes away (`talgen genconfig --dry-run | head -1`) ends talgen's output quietly: EPIPE on stdout is
 * not an error of the command, whose exit code stands. Any other failure to write stdout is one line and exit 1.
 */
export function endQuietlyOnClosedStdout(): void {
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') return;
    process.stderr.write(`talgen: cannot write to standard output: ${e.code ?? e.message}\n`);
    process.exitCode = 1;
  });
}
