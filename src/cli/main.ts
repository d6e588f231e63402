import { cac, type CAC } from 'cac';
import { setDebugSink } from '../core/debug.js';
import { isTalgenError } from '../core/errors.js';
import { flag, joinDashValues, switchesLast } from './args.js';
import { checkFlags, unknownCommand } from './argv-check.js';
import type { CommandEntry } from './command.js';
import { commands } from './commands/index.js';
import { GLOBAL_FLAGS } from './global-flags.js';
import { commandHelp, globalHelp } from './help.js';
import { beginRun, debugLine, print } from './output.js';
import { type CliSpec, type CommandSpec, commandNamed, describeCli } from './spec.js';
import { packageVersion, versionLine } from './version.js';

/** talgen's cac instance: the given commands (by default every registered one) and the global flags. */
export function buildCli(entries: readonly CommandEntry[] = commands): CAC {
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
  const cli = buildCli(entries);
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
  return { cli, spec, command };
}

/**
 * The command a command line names with its first argument, when the line can be parsed against that command alone:
 * cac matches a command by the first word that is not a flag, and a first argument without a dash is no flag's
 * value, so any table holding the command matches it. Help (it lists the other commands) and completion (it
 * describes them all) read the whole table.
 */
function namedFirst(args: readonly string[]): CommandEntry | undefined {
  if (args.includes('-h') || args.includes('--help')) return undefined;
  return commands.find((c) => c.name === args[0] && !c.readsWholeCli);
}

/**
 * The command line parsed against the command it names alone (`namedFirst`), else against every command. The
 * short table spares cac's set-up and flag parsing for the 14 other commands, ~1 ms of a pre-commit run. A line
 * the short table refuses (an unknown flag, whose hint names the commands that have it) is parsed again against
 * every command, so messages are the same either way.
 */
function parseCommandLine(argv: string[], parsing: { cli?: CAC }): Parsed {
  const sole = namedFirst(argv.slice(2));
  if (sole) {
    try {
      const parsed = parseArgv(argv, [sole], parsing);
      if (parsed.command?.name === sole.name) return parsed;
    } catch {
      // parsed again below, against every command
    }
  }
  return parseArgv(argv, commands, parsing);
}

/**
 * Parse argv, run the matched command, map errors to exit codes (1 = bad input, 2 = usage). The conventions are the
 * same for every registered command: unknown commands and flags are usage errors with a did-you-mean, `--help`
 * prints help from the registry, `-d/--debug` reports the pipeline's steps. `talgen` alone prints help (exit 0).
 */
export async function main(argv: string[]): Promise<number> {
  beginRun();
  const args = argv.slice(2);
  const parsing: { cli?: CAC } = {};
  try {
    const { cli, spec, command } = parseCommandLine(argv, parsing);
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
