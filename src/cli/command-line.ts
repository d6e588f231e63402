import { cac, type CAC } from 'cac';
import { setDebugSink } from '../core/debug.js';
import { isTalgenError } from '../core/errors.js';
import { flag, joinDashValues, switchesLast } from './args.js';
import { checkFlags, checkFlagValues, unknownCommand } from './argv-check.js';
import type { CommandEntry } from './command.js';
import { GLOBAL_FLAGS } from './global-flags.js';
import { commandHelp, globalHelp } from './help.js';
import { leadCommand } from './lead-command.js';
import { beginRun, debugLine, print } from './output.js';
import { type CliSpec, type CommandSpec, commandNamed, describeCli } from './spec.js';
import { packageVersion, versionLine } from './version.js';

/** A cac instance of the given commands and the global flags. */
export function cliOf(entries: readonly CommandEntry[]): CAC {
  const cli = cac('talgen');
  for (const c of entries) c.register(cli);
  for (const f of GLOBAL_FLAGS) if (f.everywhere) cli.option(f.raw, f.description);
  return cli;
}

/** A command line parsed against a command table. */
interface Parsed {
  cli: CAC;
  spec: CliSpec;
  /** The command matched, if any. */
  command: CommandSpec | undefined;
}

/**
 * Parse argv against `entries`; usage errors (unknown command or flag) throw. `cli` is the instance as parsed so far,
 * for the caller's error hint.
 */
function parseArgv(argv: string[], entries: readonly CommandEntry[], parsing: { cli?: CAC }): Parsed {
  const cli = cliOf(entries);
  parsing.cli = cli;
  const spec = describeCli(cli);
  cli.parse(argv, { run: false });
  const command = cli.matchedCommand ? commandNamed(spec, cli.matchedCommand.name) : undefined;
  // Like talhelper's flag parser (pflag), a flag that takes a value takes the next argument even when it starts with
  // a dash (`--extra-flags --insecure`, `--crt-ttl -1h`); cac would read it as flags of its own.
  const valueFlags = (command?.flags ?? []).filter((f) => f.value?.startsWith('<')).flatMap((f) => f.spellings.filter((n) => n.startsWith('--')));
  // `--help`/`-h` after such a flag still asks for help.
  const switches = (command?.flags ?? []).filter((f) => f.value === undefined).flatMap((f) => f.spellings.filter((n) => /^--(?!no-)\w+-/.test(n)));
  const joined = switchesLast(argv.includes('--help') || argv.includes('-h') ? argv : joinDashValues(argv, valueFlags), switches);
  if (joined !== argv) cli.parse(joined, { run: false });
  if (!command && cli.args[0] !== undefined) throw unknownCommand(spec, String(cli.args[0]));
  checkFlags(spec, command, joined.slice(2));
  checkFlagValues(command, argv.slice(2));
  return { cli, spec, command };
}

/**
 * The command line parsed against the command it names first (`leadCommand`) alone, else against the whole table.
 * The short table spares cac's set-up and flag parsing of the other commands, ~1 ms of a pre-commit run. A line the
 * short table refuses (an unknown flag, whose hint names the commands that have it) is parsed again against the
 * whole table, so messages are the same either way; a `partial` table (one of the bin's command bundles) has no
 * whole table to try and answers undefined.
 */
function parseCommandLine(argv: string[], table: readonly CommandEntry[], partial: boolean, parsing: { cli?: CAC }): Parsed | undefined {
  const lead = leadCommand(argv.slice(2));
  const sole = table.find((c) => c.name === lead && !c.readsWholeCli);
  if (sole) {
    try {
      const parsed = parseArgv(argv, [sole], parsing);
      if (parsed.command?.name === sole.name) return parsed;
    } catch (e) {
      if (!partial && !isTalgenError(e) && !(e instanceof Error && e.name === 'CACError')) throw e;
    }
  }
  return partial ? undefined : parseArgv(argv, table, parsing);
}

/**
 * Parse argv against a command table, run the matched command, map errors to exit codes (1 = bad input, 2 = usage).
 * The conventions are the same for every registered command: unknown commands and flags are usage errors with a
 * did-you-mean, `--help` prints help from the registry, `-d/--debug` reports the pipeline's steps. `talgen` alone
 * prints help (exit 0). With `partial` (a table of some commands only), a line the table cannot take is answered
 * undefined before anything is printed or run: the caller runs it against every command.
 */
export async function runCommandLine(argv: string[], table: readonly CommandEntry[], partial: true): Promise<number | undefined>;
export async function runCommandLine(argv: string[], table: readonly CommandEntry[], partial?: false): Promise<number>;
export async function runCommandLine(argv: string[], table: readonly CommandEntry[], partial = false): Promise<number | undefined> {
  beginRun();
  const args = argv.slice(2);
  const parsing: { cli?: CAC } = {};
  try {
    const parsed = parseCommandLine(argv, table, partial, parsing);
    if (!parsed) return undefined;
    const { cli, spec, command } = parsed;
    if (cli.options.help) {
      print(`${command ? commandHelp(spec, command) : globalHelp(spec, packageVersion())}\n`);
      return 0;
    }
    if (!command) {
      if (args.includes('-v') || args.includes('--version')) {
        print(versionLine());
      } else print(`${globalHelp(spec, packageVersion())}\n`);
      return 0;
    }
    const previous = setDebugSink(flag(cli.options.debug, 'debug', false) ? debugLine : undefined);
    try {
      const result = await cli.runMatchedCommand();
      return typeof result === 'number' ? result : 0;
    } finally {
      setDebugSink(previous);
    }
  } catch (e) {
    if (isTalgenError(e)) {
      process.stderr.write(`talgen: ${e.format()}\n`);
      return e.exitCode;
    }
    if (e instanceof Error && e.name === 'CACError') {
      const matched = parsing.cli?.matchedCommand;
      process.stderr.write(`talgen: ${e.message}\n  hint: run "${matched ? `talgen ${matched.name}` : 'talgen'} --help"\n`);
      return 2;
    }
    throw e;
  }
}
