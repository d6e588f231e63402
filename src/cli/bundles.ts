import { leadCommand } from './lead-command.js';

/**
 * The bin's CommonJS bundles besides main.cjs (every command): one per command that runs on every commit, holding
 * that command alone. A command line whose `leadCommand` is `command` runs from `file` (its entry exports a partial
 * `main`, see runCommandLine), and from main.cjs when that answers undefined. scripts/bundle.mjs builds each from
 * `entry` and trains its code cache `<file>.v8cache` on `training` (talgen argument lists, run on examples/basic).
 */
export interface CommandBundle {
  command: string;
  file: string;
  entry: string;
  training: readonly (readonly string[])[];
}

export const COMMAND_BUNDLES: readonly CommandBundle[] = [
  { command: 'validate', file: 'validate.cjs', entry: 'dist/src/cli/validate-main.js', training: [['validate', 'talconfig']] },
];

/** The bundle a command line runs from first, if not main.cjs. */
export function bundleFor(args: readonly string[]): CommandBundle | undefined {
  const lead = leadCommand(args);
  return COMMAND_BUNDLES.find((b) => b.command === lead);
}
