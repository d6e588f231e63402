import { runCommandLine } from './command-line.js';
import { validateCommand } from './commands/validate.js';

/**
 * The bin's bundle for `talgen validate …`, the pre-commit hooks (dist/bundle/validate.cjs, see src/cli/bundles.ts):
 * the CLI over the validate command alone, so a hook run loads, deserialises and initialises a third less code.
 * A line this table cannot take (help, an unknown flag whose hint names other commands) answers undefined, and the
 * bin runs it from main.cjs.
 */
export function main(argv: string[]): Promise<number | undefined> {
  return runCommandLine(argv, [validateCommand], true);
}
