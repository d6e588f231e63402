import type { CAC } from 'cac';

/** A CLI command module registers itself on the cac instance. */
export type RegisterCommand = (cli: CAC) => void;

/** An entry of the command registry (src/cli/commands/index.ts). */
export interface CommandEntry {
  /** The name the command registers (its first word in `cli.command(...)`); a test holds the two equal. */
  name: string;
  register: RegisterCommand;
  /** The command reads the whole table (completion): it never runs from a table of itself alone. */
  readsWholeCli?: boolean;
}
