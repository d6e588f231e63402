import { cac, type CAC } from 'cac';
import { setDebugSink } from '../core/debug.js';
import { isTalgenError } from '../core/errors.js';
import { flag, joinDashValues, switchesLast } from './args.js';
import { checkFlags, unknownCommand } from './argv-check.js';
import { commands } from './commands/index.js';
import { GLOBAL_FLAGS } from './global-flags.js';
import { commandHelp, globalHelp } from './help.js';
import { beginRun, debugLine, print } from './output.js';
import { commandNamed, describeCli } from './spec.js';
import { packageVersion, versionLine } from './version.js';

/** talgen's cac instance: every registered command and the global flags. */
export function buildCli(): CAC {
  const cli = cac('talgen');
  for (const register of commands) register(cli);
  for (const f of GLOBAL_FLAGS) if (f.everywhere) cli.option(f.raw, f.description);
  return cli;
}

/**
 * Parse argv, run the matched command, map errors to exit codes (1 = bad input, 2 = usage). The conventions are the
 * same for every registered command: unknown commands and flags are usage errors with a did-you-mean, `--help`
 * prints help from the registry, `-d/--debug` reports the pipeline's steps. `talgen` alone prints help (exit 0).
 */
export async function main(argv: string[]): Promise<number> {
  beginRun();
  const cli = buildCli();
  const args = argv.slice(2);
  try {
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
      process.stderr.write(`talgen: ${e.message}\n  hint: run "${cli.matchedCommand ? `talgen ${cli.matchedCommand.name}` : 'talgen'} --help"\n`);
      return 2;
    }
    throw e;
  }
}
