import { writeSync } from 'node:fs';
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
/**
 * Results on stdout. Written straight to file descriptor 1 (`writeSync`): Node's `process.stdout` stream costs ~1 ms
 * to set up, a tenth of what a pre-commit `validate talconfig` adds to bare Node. A descriptor that would block
 * (EAGAIN: a non-blocking pipe) hands the rest, and all later output, to `process.stdout`, so the order holds.
 * A reader that goes away (`talgen genconfig --dry-run | head -1`) ends the output quietly: EPIPE is not an error of
 * the command, whose exit code stands. Any other failure to write stdout is one line and exit 1.
 */
export const print = (text: string): void => {
  if (stdoutSink) stdoutSink(text);
  else if (stdoutState === 'direct') writeDirect(text);
  else if (stdoutState === 'stream') process.stdout.write(text);
};

let stdoutState: 'direct' | 'stream' | 'closed' = 'direct';
let stdoutSink: ((text: string) => void) | undefined;

/** Where `print` writes instead of stdout (the in-process CLI tests); returns the previous sink. */
export function setStdoutSink(sink: ((text: string) => void) | undefined): ((text: string) => void) | undefined {
  const previous = stdoutSink;
  stdoutSink = sink;
  return previous;
}

function writeDirect(text: string): void {
  const bytes = Buffer.from(text, 'utf8');
  let done = 0;
  try {
    while (done < bytes.length) done += writeSync(1, bytes, done);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EAGAIN') {
      stdoutState = 'stream';
      endQuietlyOnClosedStdout();
      process.stdout.write(bytes.subarray(done));
    } else stdoutFailed(code ?? (e as Error).message);
  }
}

function stdoutFailed(code: string): void {
  stdoutState = 'closed';
  if (code === 'EPIPE') return;
  process.stderr.write(`talgen: cannot write to standard output: ${code}\n`);
  process.exitCode = 1;
}

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

/** The stream's counterpart of `writeDirect`'s error handling. */
function endQuietlyOnClosedStdout(): void {
  process.stdout.on('error', (e: NodeJS.ErrnoException) => stdoutFailed(e.code ?? e.message));
}
