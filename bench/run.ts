/**
 * `npm run bench`: start-up and scale of the CLI, as ratios to a bare `node -e 0` measured in the same run. Every
 * case runs in pairs (bare Node, then the command, alternating; ≥ 9 pairs): the ratio is the median of the
 * per-pair ratios, so the machine's drift cancels out. Cases: `--version`, genconfig / validate talconfig on
 * examples/basic (SOPS talenv + talsecret, outputs present), validate nodeconfig on its rendered configs, check (the
 * pre-commit hook) on the example in a git work tree, genconfig on generated repos (outputs present) and gensecret. Each case also reports the peak RSS and how many module
 * files it loads (one extra run with bench/modules-hook.ts). Prints the markdown table the README shows.
 * Besides wall time, the ratio of CPU time (user + system, from the child's resource usage) is shown: on a
 * loaded machine it is the steadier of the two.
 *
 * Options: --pairs N (9), --nodes 100,1000,5000, --only REGEX (cases by label), --json FILE (save the results),
 * --from FILE (print the table of saved results, running nothing),
 * --before FILE (a saved run: adds before → after columns).
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { writeLargeRepo } from './large-repo.js';

const ROOT = resolve(fileURLToPath(new URL('../../', import.meta.url)));
/** What users run: the package's `bin` (TALGEN_BENCH_CLI, relative to the package root, overrides it). */
const BIN = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { bin: Record<string, string> }).bin.talgen!;
const CLI = join(ROOT, process.env.TALGEN_BENCH_CLI ?? BIN);
const RSS_HOOK = join(ROOT, 'dist/bench/rss-hook.js');
const MODULES_HOOK = join(ROOT, 'dist/bench/modules-hook.js');

const { values } = parseArgs({
  options: {
    pairs: { type: 'string', default: '9' },
    nodes: { type: 'string', default: '100,1000,5000' },
    only: { type: 'string' },
    json: { type: 'string' },
    before: { type: 'string' },
    from: { type: 'string' },
  },
});
const PAIRS = Math.max(1, Number(values.pairs));
const NODES = values.nodes!.split(',').map(Number);
const ONLY = values.only ? new RegExp(values.only) : undefined;

interface Case {
  label: string;
  args: string[];
  cwd: string;
  env?: NodeJS.ProcessEnv;
  /** Nodes rendered, for the per-node cost. */
  nodes?: number;
  /** Runs once before the case's warm-up run. */
  prepare?: () => void;
}

export interface Result {
  label: string;
  nodeMs: number;
  ms: number;
  ratio: number;
  /** Median of per-pair ratios of CPU time (user + system). */
  cpuRatio: number;
  rssMiB: number;
  modules: number;
  nodes?: number;
}

function run(args: string[], c: Case, hook: string, env: NodeJS.ProcessEnv = {}): { ms: number; cpuMs: number; rssMiB: number } {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(process.execPath, ['--import', hook, ...args], {
    cwd: c.cwd,
    env: { ...process.env, ...c.env, ...env },
    stdio: ['ignore', 'ignore', 'pipe', 'pipe'],
  });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (r.status !== 0) throw new Error(`${args.join(' ')} failed (exit ${r.status}):\n${r.stderr?.toString()}`);
  const [rssKiB, cpuMicros] = String(r.output[3] ?? '0 0')
    .trim()
    .split(' ')
    .map(Number);
  return { ms, cpuMs: cpuMicros! / 1000, rssMiB: rssKiB! / 1024 };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

function countModules(c: Case, work: string): number {
  const list = join(work, 'modules.txt');
  writeFileSync(list, '');
  run(c.args, c, MODULES_HOOK, { TALGEN_BENCH_MODULES: list });
  const files = new Set(readFileSync(list, 'utf8').split('\n').filter(Boolean));
  files.delete(MODULES_HOOK);
  return files.size;
}

function measure(c: Case, work: string): Result {
  const bare: number[] = [];
  const cmd: number[] = [];
  const ratios: number[] = [];
  const cpuRatios: number[] = [];
  let rssMiB = 0;
  c.prepare?.();
  run(c.args, c, RSS_HOOK); // warm the file cache (and, for genconfig, make the outputs present)
  for (let i = 0; i < PAIRS; i++) {
    const b = run(['-e', '0'], c, RSS_HOOK);
    const t = run(c.args, c, RSS_HOOK);
    bare.push(b.ms);
    cmd.push(t.ms);
    ratios.push(t.ms / b.ms);
    cpuRatios.push(t.cpuMs / b.cpuMs);
    rssMiB = Math.max(rssMiB, t.rssMiB);
  }
  const r: Result = {
    label: c.label,
    nodeMs: median(bare),
    ms: median(cmd),
    ratio: median(ratios),
    cpuRatio: median(cpuRatios),
    rssMiB,
    modules: countModules(c, work),
  };
  if (c.nodes) r.nodes = c.nodes;
  return r;
}

function cases(work: string): Case[] {
  const example = join(work, 'basic');
  cpSync(join(ROOT, 'examples/basic'), example, { recursive: true });
  const ageEnv = { SOPS_AGE_KEY_FILE: join(example, 'age-test-key.txt') };
  const out: Case[] = [
    { label: '`talgen --version`', args: [CLI, '--version'], cwd: work },
    { label: '`talgen genconfig` (examples/basic)', args: [CLI, 'genconfig'], cwd: example, env: ageEnv, nodes: 4 },
    { label: '`talgen validate talconfig` (examples/basic)', args: [CLI, 'validate', 'talconfig'], cwd: example, env: ageEnv },
  ];
  const rendered = (): string[] =>
    readdirSync(join(example, 'clusterconfig'))
      .filter((f) => f.endsWith('.yaml'))
      .map((f) => join('clusterconfig', f));
  const validateNodeconfig: Case = {
    label: '`talgen validate nodeconfig` (its 4 configs)',
    args: [],
    cwd: example,
    prepare: () => {
      spawnSync(process.execPath, [CLI, 'genconfig'], { cwd: example, env: { ...process.env, ...ageEnv } });
      validateNodeconfig.args = [CLI, 'validate', 'nodeconfig', ...rendered()];
    },
  };
  out.push(validateNodeconfig);
  // The pre-commit hook (.pre-commit-hooks.yaml): every check of the example, in a git work tree of its own.
  const hook = join(work, 'hook');
  out.push({
    label: '`talgen check` (examples/basic in git, the pre-commit hook)',
    args: [CLI, 'check'],
    cwd: hook,
    env: { SOPS_AGE_KEY_FILE: join(hook, 'age-test-key.txt') },
    prepare: () => {
      cpSync(join(ROOT, 'examples/basic'), hook, { recursive: true });
      for (const args of [
        ['init', '-q'],
        ['add', '-A'],
      ])
        spawnSync('git', args, { cwd: hook });
    },
  });
  const secret = join(work, 'talsecret.yaml');
  for (const n of NODES) {
    const dir = join(work, `repo-${n}`);
    writeLargeRepo(dir, n);
    out.push({
      label: `\`talgen genconfig\`, ${n} nodes`,
      args: [CLI, 'genconfig', '-o', join(dir, 'out')],
      cwd: dir,
      nodes: n,
      prepare: () => cpSync(secret, join(dir, 'talsecret.yaml')),
    });
  }
  mkdirSync(join(work, 'gensecret'));
  out.push({ label: '`talgen gensecret` (RSA-4096 + 4 CAs)', args: [CLI, 'gensecret'], cwd: join(work, 'gensecret') });
  const gen = spawnSync(process.execPath, [CLI, 'gensecret', '-o', secret]);
  if (gen.status !== 0) throw new Error(`gensecret failed: ${gen.stderr}`);
  return out;
}

function fmtMs(ms: number): string {
  return ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(0)} ms`;
}

function fmtRatio(x: number): string {
  return `${x < 10 ? x.toFixed(2) : x.toFixed(1)}×`;
}

function table(results: Result[], before: Map<string, Result>): string {
  const arrow = (b: string | undefined, a: string): string => (b === undefined ? a : `${b} → ${a}`);
  const lines = [
    `| command | × bare Node (wall) | × bare Node (CPU) | wall | bare \`node -e 0\` in the same pairs | peak RSS | modules loaded |`,
    `| --- | --- | --- | --- | --- | --- | --- |`,
  ];
  for (const r of results) {
    const b = before.get(r.label);
    lines.push(
      `| ${r.label} | ${arrow(b && fmtRatio(b.ratio), fmtRatio(r.ratio))} | ${arrow(b?.cpuRatio === undefined ? undefined : fmtRatio(b.cpuRatio), fmtRatio(r.cpuRatio))} | ${arrow(b && fmtMs(b.ms), fmtMs(r.ms))} | ${arrow(b && fmtMs(b.nodeMs), fmtMs(r.nodeMs))} | ${arrow(b && `${b.rssMiB.toFixed(0)} MiB`, `${r.rssMiB.toFixed(0)} MiB`)} | ${arrow(b && String(b.modules), String(r.modules))} |`,
    );
  }
  const scale = results.filter((r) => r.nodes && r.nodes >= 100);
  if (scale.length > 1) {
    const steps = scale.slice(1).map((r, i) => {
      const prev = scale[i]!;
      return `${prev.nodes} → ${r.nodes}: ${((r.ms - prev.ms) / (r.nodes! - prev.nodes!)).toFixed(2)} ms`;
    });
    lines.push('', `Per node (genconfig, outputs present): ${steps.join(', ')}.`);
  }
  lines.push('', `${PAIRS} pairs per case, ${process.version}.`);
  return `${lines.join('\n')}\n`;
}

const before = new Map<string, Result>();
if (values.before) for (const r of JSON.parse(readFileSync(values.before, 'utf8')) as Result[]) before.set(r.label, r);
if (values.from) process.stdout.write(table(JSON.parse(readFileSync(values.from, 'utf8')) as Result[], before));
else {
  const work = mkdtempSync(join(tmpdir(), 'talgen-bench-'));
  try {
    const results: Result[] = [];
    for (const c of cases(work)) {
      if (ONLY && !ONLY.test(c.label)) continue;
      results.push(measure(c, work));
      process.stderr.write(`  ${c.label}: done\n`);
    }
    if (values.json) writeFileSync(values.json, `${JSON.stringify(results, null, 2)}\n`);
    process.stdout.write(table(results, before));
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
