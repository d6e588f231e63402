import type { CAC, Command } from 'cac';
import { GLOBAL_FLAGS } from './global-flags.js';

type CacOption = Command['options'][number];

/** A flag as the user types it (kebab-case, with its dashes), whatever cac makes of it internally. */
export interface FlagSpec {
  /** Every spelling: `-o`, `--out-dir`, `--no-gitignore`. */
  spellings: string[];
  /** The value placeholder (`<dir>`, `[bool]`); undefined for a switch. */
  value?: string;
  description: string;
  /** The default a value flag gets when it is not given, as help prints it (switches and negated flags have none). */
  default?: string;
}

/** A registered command: its name, aliases, positional arguments, flags. */
export interface CommandSpec {
  name: string;
  aliases: string[];
  /** The usage line after `talgen` (`validate <what> [...files]`). */
  usage: string;
  description: string;
  flags: FlagSpec[];
  examples: string[];
}

/** Everything the CLI accepts, read off the cac instance: help, completion and argument checks follow it. */
export interface CliSpec {
  commands: CommandSpec[];
  /** Flags accepted with every command (`--help`, `--debug`). */
  everywhere: FlagSpec[];
  /** Flags accepted before a command: the `everywhere` ones and `--version`. */
  topLevel: FlagSpec[];
}

/** `-f, --from-controlplane-config, --from-configfile <file>` → its spellings and value placeholder. */
export function parseFlag(raw: string, description: string, dflt?: unknown): FlagSpec {
  // The spellings (`-x`, `--name`, comma-separated), then the placeholder, which may hold brackets of its own.
  const [, spelled = '', placeholder = ''] = /^\s*(-[^\s,]*(?:\s*,\s*-[^\s,]*)*)\s*(.*)$/.exec(raw) ?? [];
  const names = spelled.split(',').map((s) => s.trim());
  const value = placeholder.trim() || undefined;
  const negated = names.some((n) => n.startsWith('--no-'));
  return {
    spellings: names,
    value,
    description,
    default: value !== undefined && !negated && dflt !== undefined ? String(dflt) : undefined,
  };
}

function flagOf(o: CacOption): FlagSpec {
  return parseFlag(o.rawName, o.description, o.config.default);
}

export function describeCli(cli: CAC): CliSpec {
  const everywhere = cli.globalCommand.options.map(flagOf);
  const topLevel = GLOBAL_FLAGS.map((f) => parseFlag(f.raw, f.description));
  return {
    commands: cli.commands.map((c) => ({
      name: c.name,
      aliases: [...c.aliasNames],
      usage: c.rawName,
      description: c.description,
      flags: c.options.map(flagOf),
      examples: c.examples.map((e) => (typeof e === 'function' ? e(cli.name) : e)),
    })),
    everywhere,
    topLevel,
  };
}

/** The command a word names (its name or an alias). */
export function commandNamed(spec: CliSpec, word: string): CommandSpec | undefined {
  return spec.commands.find((c) => c.name === word || c.aliases.includes(word));
}

/** The flags a command accepts: its own and the global ones; without a command, the top-level ones. */
export function flagsOf(spec: CliSpec, command: CommandSpec | undefined): FlagSpec[] {
  return command ? [...command.flags, ...spec.everywhere] : spec.topLevel;
}
