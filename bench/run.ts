/**
 * `npm run bench`: wall time and peak RSS of the CLI on generated talhelper repos of 3, 100 and 1000 nodes,
 * next to a bare `node -e 0`, plus bundle generation and SOPS decryption. Medians of several runs.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeLargeRepo } from './large-repo.js';

const ROOT = resolve(fileURLToPath(new URL('../../', import.meta.url)));
const CLI = join(ROOT, 'dist/src/cli.js');
const HOOK = join(ROOT, 'dist/bench/rss-hook.js');
const RUNS = Number(process.env.BENCH_RUNS ?? 5);

interface Sample {
  ms: number;
  rssMiB: number;
}

function measure(args: string[], cwd: string, env: NodeJS.ProcessEnv = {}): Sample {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(process.execPath, ['--import', HOOK, ...args], { cwd, env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'pipe', 'pipe'] });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (r.status !== 0) throw new Error(`${args.join(' ')} failed:\n${r.stderr?.toString()}`);
  const rssKiB = Number(String(r.output[3] ?? '0').trim());
  return { ms, rssMiB: rssKiB / 1024 };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

function bench(label: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = {}): { label: string; ms: number; rssMiB: number } {
  const samples = Array.from({ length: RUNS }, () => measure(args, cwd, env));
  return { label, ms: median(samples.map((s) => s.ms)), rssMiB: Math.max(...samples.map((s) => s.rssMiB)) };
}

const work = mkdtempSync(join(tmpdir(), 'talgen-bench-'));
try {
  const rows: { label: string; ms: number; rssMiB: number }[] = [];
  rows.push(bench('node -e 0 (bare Node start)', ['-e', '0'], work));
  rows.push(bench('talgen --version', [CLI, '--version'], work));
  rows.push(bench('talgen gensecret (RSA-4096 + 4 CAs)', [CLI, 'gensecret'], work));
  const secretDir = join(work, 'secret');
  mkdirSync(secretDir);
  spawnSync(process.execPath, [CLI, 'gensecret', '-o', join(secretDir, 'talsecret.yaml')]);
  for (const n of [3, 100, 1000]) {
    const dir = join(work, `repo-${n}`);
    writeLargeRepo(dir, n);
    spawnSync('cp', [join(secretDir, 'talsecret.yaml'), join(dir, 'talsecret.yaml')]);
    rows.push(bench(`talgen genconfig, ${n} nodes`, [CLI, 'genconfig', '-o', join(dir, 'out')], dir));
  }
  const example = join(ROOT, '..', 'shared', 'conformance', 'talhelper', 'example');
  if (existsSync(join(example, 'talsecret.yaml'))) {
    rows.push(
      bench('talgen decrypt talhelper example talsecret (age + MAC)', [CLI, 'decrypt', join(example, 'talsecret.yaml'), '-o', join(work, 'plain.yaml')], work, { SOPS_AGE_KEY_FILE: join(example, 'key.txt') }),
    );
  }
  const w = Math.max(...rows.map((r) => r.label.length));
  process.stdout.write(`${'case'.padEnd(w)}  wall (median of ${RUNS})  peak RSS\n`);
  for (const r of rows) process.stdout.write(`${r.label.padEnd(w)}  ${r.ms.toFixed(0).padStart(8)} ms  ${r.rssMiB.toFixed(0).padStart(6)} MiB\n`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
