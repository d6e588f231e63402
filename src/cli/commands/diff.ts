import type { CAC } from 'cac';
import type { RegisterCommand } from '../command.js';
import { EXIT_CHANGES, EXIT_NO_CHANGES } from '../diff-report.js';
import { diffFlags, renderFlags, showDiff } from './genconfig.js';

/** `talgen diff`: genconfig's inputs rendered in memory and compared with the output directory; exit 0 / 2 / 1. */
export const registerDiff: RegisterCommand = (cli: CAC) => {
  const cmd = cli.command(
    'diff',
    `show what genconfig would change in the output directory (exit ${EXIT_NO_CHANGES}: nothing, ${EXIT_CHANGES}: changes, 1: error)`,
  );
  diffFlags(renderFlags(cmd)).action((o: Record<string, unknown>) => showDiff(o));
};
