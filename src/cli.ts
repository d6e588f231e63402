#!/usr/bin/env node
import { endQuietlyOnClosedStdout, print } from './cli/output.js';
import { isVersionRequest, versionLine } from './cli/version.js';

endQuietlyOnClosedStdout();
/** `--version` (`-v`) is answered before cac and the commands are loaded: it is the one call that needs none of them. */
async function run(argv: string[]): Promise<number> {
  if (isVersionRequest(argv)) {
    print(versionLine());
    return 0;
  }
  const { main } = await import('./cli/main.js');
  return main(argv);
}

run(process.argv).then(
  (code) => {
    process.exitCode ??= code;
  },
  (err: unknown) => {
    process.stderr.write(`talgen: internal error: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 1;
  },
);
