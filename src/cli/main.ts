import { cac } from 'cac';
import { readFileSync } from 'node:fs';
import { isTalgenError } from '../core/errors.js';
import { commands } from './commands/index.js';
import { beginRun } from './output.js';

export function packageVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}

/** Parse argv, run the matched command, map errors to exit codes (1 = bad input, 2 = usage). */
export async function main(argv: string[]): Promise<number> {
  beginRun();
  const cli = cac('talgen');
  for (const register of commands) register(cli);
  cli.help();
  // `--version` as the only argument prints talgen's version; commands keep their own --version (genurl -v).
  if (argv.length === 3 && argv[2] === '--version') {
    process.stdout.write(`talgen/${packageVersion()} ${process.platform}-${process.arch} node-${process.version}\n`);
    return 0;
  }
  try {
    cli.parse(argv, { run: false });
    if (!cli.matchedCommand) {
      if (cli.options.help) return 0;
      const name = cli.args[0];
      if (name !== undefined) {
        process.stderr.write(`talgen: unknown command "${name}"\n  hint: run "talgen --help" for the list of commands\n`);
        return 2;
      }
      cli.outputHelp();
      return 0;
    }
    const result = await cli.runMatchedCommand();
    return typeof result === 'number' ? result : 0;
  } catch (e) {
    if (isTalgenError(e)) {
      process.stderr.write(`talgen: ${e.format()}\n`);
      return e.exitCode;
    }
    if (e instanceof Error && e.name === 'CACError') {
      process.stderr.write(`talgen: ${e.message}\n  hint: run "talgen --help"\n`);
      return 2;
    }
    throw e;
  }
}
