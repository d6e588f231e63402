import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from './shared.js';

export const CLI = join(ROOT, 'dist', 'src', 'cli.js');

export interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** The environment the CLI runs with in tests: no SOPS key from the developer's machine unless a test gives one. */
function cliEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, SOPS_AGE_KEY: undefined, SOPS_AGE_KEY_FILE: undefined, XDG_CONFIG_HOME: '/nonexistent', ...extra };
  for (const [k, v] of Object.entries(env)) if (v === undefined) delete env[k];
  return env;
}

/** Run the built CLI as a user would, in a child process (for what only a process shows: stdin, exit, signals, pipes). */
export function talgen(args: string[], opts: { cwd?: string; env?: NodeJS.ProcessEnv; input?: string } = {}): Run {
  const r = spawnSync(process.execPath, [CLI, ...args], {
    cwd: opts.cwd ?? ROOT,
    env: cliEnv(opts.env),
    input: opts.input,
    encoding: 'utf8',
  });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

/**
 * The CLI's `main(argv)` in this process, as src/cli.ts runs it: working directory, environment, stdout and stderr
 * (not a terminal) are the run's own and restored afterwards. Much cheaper than a child; not for stdin. It swaps
 * process-wide state, so await each call before the next (never two at once).
 */
export async function talgenMain(args: string[], opts: { cwd?: string; env?: NodeJS.ProcessEnv; tty?: boolean } = {}): Promise<Run> {
  const saved = { env: process.env, cwd: process.cwd(), exitCode: process.exitCode, out: process.stdout.write, err: process.stderr.write };
  const out = { stdout: '', stderr: '' };
  const capture = (stream: 'stdout' | 'stderr') =>
    ((chunk: string | Uint8Array) => {
      out[stream] += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
      return true;
    }) as typeof process.stdout.write;
  const tty = [process.stdout, process.stderr].map((s) => Object.getOwnPropertyDescriptor(s, 'isTTY'));
  process.env = cliEnv(opts.env);
  process.chdir(opts.cwd ?? ROOT);
  process.exitCode = undefined;
  process.stdout.write = capture('stdout');
  process.stderr.write = capture('stderr');
  const { setStdoutSink } = await import('../../src/cli/output.js');
  const savedSink = setStdoutSink(capture('stdout'));
  // Not a terminal unless asked (`tty: true` makes stdout look like one, for terminal-only warnings).
  for (const s of [process.stdout, process.stderr]) Object.defineProperty(s, 'isTTY', { value: s === process.stdout && opts.tty === true, configurable: true });
  try {
    const { main } = await import('../../src/cli/main.js');
    const code = await main([process.execPath, CLI, ...args]);
    return { code: Number(process.exitCode ?? code), ...out };
  } catch (e) {
    return { code: 1, stdout: out.stdout, stderr: `${out.stderr}talgen: internal error: ${e instanceof Error ? e.message : String(e)}\n` };
  } finally {
    process.stdout.write = saved.out;
    process.stderr.write = saved.err;
    setStdoutSink(savedSink);
    [process.stdout, process.stderr].forEach((s, i) => {
      const d = tty[i];
      if (d) Object.defineProperty(s, 'isTTY', d);
      else delete (s as { isTTY?: boolean }).isTTY;
    });
    process.exitCode = saved.exitCode;
    process.chdir(saved.cwd);
    process.env = saved.env;
  }
}

export function tmp(prefix = 'talgen-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

export function run(cmd: string, args: string[], opts: { cwd?: string; input?: string } = {}): Run {
  const r = spawnSync(cmd, args, { cwd: opts.cwd, input: opts.input, encoding: 'utf8' });
  if (r.error) throw new Error(`${cmd} is not installed (.ci/run installs it): ${r.error.message}`);
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}
