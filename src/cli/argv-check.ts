import { UsageError } from '../core/errors.js';
import { didYouMean } from '../model/suggest.js';
import { flagsOf, type CliSpec, type CommandSpec } from './spec.js';

/** How a command is named in messages: `talgen genconfig`, or `talgen` before any command. */
function where(command: CommandSpec | undefined): string {
  return command ? `talgen ${command.name}` : 'talgen';
}

/** A word in the command position that is no command: did-you-mean among the command names and aliases. */
export function unknownCommand(spec: CliSpec, word: string): UsageError {
  const guess = didYouMean(
    word,
    spec.commands.flatMap((c) => [c.name, ...c.aliases]),
  );
  return new UsageError(`unknown command "${word}"`, `${guess ? `${guess} ` : ''}run "talgen --help" for the list of commands`);
}

/**
 * The flags of argv as the user spelled them (before `--`): `--out-dir=x` → `--out-dir`, `-nc` → `-n`, `-c`.
 * Every token starting with `-` is a flag (cac never takes one as a value), except `-` alone (stdin).
 */
export function typedFlags(argv: readonly string[]): string[] {
  const out: string[] = [];
  for (const token of argv) {
    if (token === '--') break;
    if (!token.startsWith('-') || token === '-') continue;
    const name = token.split('=', 1)[0]!;
    if (name.startsWith('--')) out.push(name);
    else for (const ch of name.slice(1)) out.push(`-${ch}`);
  }
  return out;
}

/**
 * Every flag of argv must be one the command (or talgen, before a command) accepts, spelled as registered: an
 * unknown one is a usage error naming the command, with the nearest spelling, or the commands that do have it.
 */
export function checkFlags(spec: CliSpec, command: CommandSpec | undefined, argv: readonly string[]): void {
  const known = flagsOf(spec, command).flatMap((f) => f.spellings);
  for (const flag of typedFlags(argv)) {
    if (known.includes(flag)) continue;
    const guess = didYouMean(
      flag,
      known.filter((k) => k.startsWith('--') === flag.startsWith('--')),
    );
    const owners = spec.commands.filter((c) => c !== command && c.flags.some((f) => f.spellings.includes(flag))).map((c) => `talgen ${c.name}`);
    const hint = guess ?? (owners.length ? `${flag} is a flag of ${owners.join(', ')}.` : undefined);
    throw new UsageError(`unknown flag ${flag} for ${where(command)}`, `${hint ? `${hint} ` : ''}"${where(command)} --help" lists the flags`);
  }
}

/**
 * A flag that takes a value must have one: as the last argument (before any `--`) it has none, which talhelper's
 * flag parser (pflag) refuses with "flag needs an argument". cac would read it as the value `true`: `genconfig -o`
 * wrote into ./true, `validate talconfig -e` read an env file named true.
 */
export function checkFlagValues(command: CommandSpec | undefined, argv: readonly string[]): void {
  const end = argv.indexOf('--');
  const last = (end < 0 ? argv : argv.slice(0, end)).at(-1);
  if (!command || last === undefined || !last.startsWith('-') || last.includes('=')) return;
  const flag = command.flags.find((f) => f.value?.startsWith('<') && f.spellings.includes(last));
  if (flag) throw new UsageError(`flag needs an argument: ${last} ${flag.value}`, `"${where(command)} --help" lists the flags`);
}
