import { main } from '../../src/cli/main.js';
import type { Run } from './cli.js';

/**
 * Run talgen in-process, as `main(argv)`: stdout and stderr captured, optionally in another working directory, with
 * extra environment variables, or with stdout looking like a terminal. Everything is restored afterwards.
 */
export async function talgenIn(args: string[], opts: { cwd?: string; env?: Record<string, string | undefined>; tty?: boolean } = {}): Promise<Run> {
  const out: string[] = [];
  const err: string[] = [];
  const write = { out: process.stdout.write, err: process.stderr.write };
  const cwd = process.cwd();
  const tty = process.stdout.isTTY;
  const env = Object.fromEntries(Object.keys(opts.env ?? {}).map((k) => [k, process.env[k]]));
  const setEnv = (vars: Record<string, string | undefined>) => {
    for (const [k, v] of Object.entries(vars)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  };
  process.stdout.write = ((s: string | Uint8Array) => (out.push(String(s)), true)) as typeof process.stdout.write;
  process.stderr.write = ((s: string | Uint8Array) => (err.push(String(s)), true)) as typeof process.stderr.write;
  if (opts.tty !== undefined) process.stdout.isTTY = opts.tty;
  if (opts.cwd) process.chdir(opts.cwd);
  setEnv(opts.env ?? {});
  try {
    const code = await main(['node', 'talgen', ...args]);
    return { code, stdout: out.join(''), stderr: err.join('') };
  } finally {
    process.stdout.write = write.out;
    process.stderr.write = write.err;
    process.stdout.isTTY = tty;
    process.chdir(cwd);
    setEnv(env);
  }
}
