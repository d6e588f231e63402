/** Programs as child processes, asynchronously (cases run in parallel), with an explicit environment. */
import { spawn } from 'node:child_process';
import { CLI, type Run } from '../helpers/cli.js';

export function runAsync(cmd: string, args: string[], opts: { cwd: string; env: NodeJS.ProcessEnv }): Promise<Run> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(cmd, args, { cwd: opts.cwd, env: opts.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolvePromise({ code: code ?? -1, stdout, stderr }));
  });
}

/** The built CLI. */
export function talgenAsync(args: string[], opts: { cwd: string; env: NodeJS.ProcessEnv }): Promise<Run> {
  return runAsync(process.execPath, [CLI, ...args], opts);
}
