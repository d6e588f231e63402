import { print } from './output.js';
import { isVersionRequest, versionLine } from './version.js';

/** The CLI's `main` (src/cli/main.ts): argv in, exit code out. */
export type Main = (argv: string[]) => Promise<number>;

/**
 * The process around `main`: `--version` (`-v`) is answered before cac and the commands are loaded (it is the one
 * call that needs none of them), the commands are loaded through `loadMain` (an import for dist/src, the compiled
 * bundle for the package's bin), and an unexpected failure is one line and exit 1.
 */
export function runCli(argv: string[], loadMain: () => Promise<Main>): void {
  const run = async (): Promise<number> => {
    if (isVersionRequest(argv)) {
      print(versionLine());
      return 0;
    }
    return (await loadMain())(argv);
  };
  run().then(
    (code) => {
      process.exitCode ??= code;
    },
    (err: unknown) => {
      process.stderr.write(`talgen: internal error: ${err instanceof Error ? err.message : String(err)}\n`);
      process.exitCode = 1;
    },
  );
}
