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
