import type { CAC } from 'cac';
import { cliOf, runCommandLine } from './command-line.js';
import { commands } from './commands/index.js';

/** talgen's cac instance: every registered command and the global flags. */
export function buildCli(): CAC {
  return cliOf(commands);
}

/** The CLI: argv in, exit code out, over every registered command (src/cli/command-line.ts). */
export function main(argv: string[]): Promise<number> {
  return runCommandLine(argv, commands);
}
