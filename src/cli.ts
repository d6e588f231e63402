#!/usr/bin/env node
import { main } from './cli/main.js';
import { endQuietlyOnClosedStdout } from './cli/output.js';

endQuietlyOnClosedStdout();
main(process.argv).then(
  (code) => {
    process.exitCode ??= code;
  },
  (err: unknown) => {
    process.stderr.write(`talgen: internal error: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 1;
  },
);
