/**
 * `npm run fuzz`: structure-aware and mutation fuzzing of talgen's inputs (see test/fuzz/targets.ts), run in-process
 * by worker processes, plus a sample through the built CLI. Every input must succeed or end in a located TalgenError
 * with a hint (test/fuzz/oracle.ts); an input still running after the timeout is a hang (its worker is replaced).
 *
 *   node dist/test/fuzz/run.js [--runs N] [--seed S] [--jobs J] [--timeout SEC] [--ci]
 *
 * `--ci`: the seeded CI sample (2,500 inputs, seed 1, 6 corpus repos). Exit 1 on any crash or hang.
 * Crashing inputs are written to .cache/fuzz/ to replay.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { CORPUS, discoverCases } from '../corpus/cases.js';
import { prepareCase, type PreparedCase } from '../corpus/prepare.js';
import { ROOT } from '../helpers/shared.js';
import { CATEGORIES, WEIGHTS, type PreparedRepo } from './targets.js';
import type { FromWorker, Task, ToWorker } from './worker.js';

interface Options {
  runs: number;
  seed: number;
  jobs: number;
  timeoutMs: number;
  corpusRepos: number;
  cliRuns: number;
}

function parseArgs(argv: string[]): Options {
  const ci = argv.includes('--ci');
  const value = (flag: string) => {
    const i = argv.indexOf(flag);
    if (i < 0) return undefined;
    const n = Number(argv[i + 1]);
    if (!Number.isInteger(n) || n < 0) throw new Error(`${flag} takes a whole number`);
    return n;
  };
  const runs = value('--runs') ?? (ci ? 2500 : 12000);
  return {
    runs,
    seed: value('--seed') ?? (ci ? 1 : Date.now() % 1_000_000),
    jobs: value('--jobs') ?? 2,
    timeoutMs: (value('--timeout') ?? 10) * 1000,
    corpusRepos: ci ? 6 : Infinity,
    cliRuns: ci ? 4 : Math.max(4, Math.round(runs / 300)),
  };
}

/** Inputs per category, by weight; the CLI sample comes on top (talconfig inputs through `talgen genconfig`). */
function plan(o: Options): Task[] {
  const total = CATEGORIES.reduce((s, c) => s + WEIGHTS[c], 0);
  const tasks: Task[] = [];
  for (const category of CATEGORIES) {
    const n = Math.round((o.runs * WEIGHTS[category]) / total);
    for (let index = 0; index < n; index++) tasks.push({ category, index });
  }
  for (let i = 0; i < o.cliRuns; i++) tasks.push({ category: 'talconfig', index: 1_000_000 + i, cli: true });
  // interleave, so every worker sees every category and a slow one does not end the run alone
  return tasks.sort((a, b) => (a.index % 97) - (b.index % 97) || CATEGORIES.indexOf(a.category) - CATEGORIES.indexOf(b.category) || a.index - b.index);
}

interface Crash {
  count: number;
  first: { task: Task; detail: string; file?: string };
}

interface Tally {
  inputs: Record<string, number>;
  ms: Record<string, number>;
  ok: Record<string, number>;
  refused: Record<string, number>;
  crashes: Map<string, Crash>;
  hangs: Task[];
  slowestMs: number;
  peakRssKb: number;
}

const same = (a: Task, b: Task | undefined) => b !== undefined && a.category === b.category && a.index === b.index && !!a.cli === !!b.cli;
const label = (t: Task) => `${t.cli ? 'cli' : t.category}#${t.index}`;
const bump = (r: Record<string, number>, k: string) => (r[k] = (r[k] ?? 0) + 1);

async function prepareCorpus(limit: number): Promise<{ repos: PreparedRepo[]; cleanup: () => void; note?: string }> {
  if (!CORPUS) return { repos: [], cleanup: () => undefined, note: '../shared/corpus/realworld not found: no corpus repos to render' };
  const cases = discoverCases(CORPUS)
    .filter((c) => !c.skip && !c.talosRefuses)
    .slice(0, limit);
  const prepared: PreparedCase[] = [];
  for (const c of cases) prepared.push(await prepareCase(c));
  return {
    repos: prepared.map((p, i) => ({
      name: cases[i]!.name,
      root: p.root,
      cwd: p.cwd,
      configFile: cases[i]!.talconfig.split('/').pop()!,
      args: p.args,
      env: p.env,
    })),
    cleanup: () => {
      for (const p of prepared) p.cleanup();
    },
  };
}

async function main(): Promise<number> {
  const o = parseArgs(process.argv.slice(2));
  const t0 = Date.now();
  const corpus = await prepareCorpus(o.corpusRepos);
  if (corpus.note) console.log(`fuzz: note: ${corpus.note}`);
  const queue = plan(o);
  const tally: Tally = { inputs: {}, ms: {}, ok: {}, refused: {}, crashes: new Map(), hangs: [], slowestMs: 0, peakRssKb: 0 };
  const crashDir = join(ROOT, '.cache', 'fuzz');
  rmSync(crashDir, { recursive: true, force: true });
  console.log(
    `fuzz: seed ${o.seed}, ${queue.length} inputs, ${o.jobs} workers, ${o.timeoutMs / 1000} s per input${corpus.repos.length ? `, ${corpus.repos.length} corpus repos` : ''}`,
  );

  const record = (task: Task, outcome: FromWorker & { type: 'done' }) => {
    const cat = task.cli ? 'cli' : task.category;
    bump(tally.inputs, cat);
    const done = Object.values(tally.inputs).reduce((a, b) => a + b, 0);
    if (done % 1000 === 0)
      console.log(`fuzz: ${done} inputs, ${tally.crashes.size} crash classes, ${tally.hangs.length} hangs (${((Date.now() - t0) / 1000).toFixed(0)} s)`);
    tally.ms[cat] = (tally.ms[cat] ?? 0) + outcome.ms;
    tally.slowestMs = Math.max(tally.slowestMs, outcome.ms);
    tally.peakRssKb = Math.max(tally.peakRssKb, outcome.maxRssKb);
    const oc = outcome.outcome;
    if (oc.kind !== 'crash') return bump(oc.kind === 'ok' ? tally.ok : tally.refused, cat);
    const c = tally.crashes.get(oc.class);
    if (c) return void c.count++;
    let file: string | undefined;
    if (outcome.input) {
      mkdirSync(crashDir, { recursive: true });
      file = join(crashDir, `${label(task).replace('#', '-')}-${outcome.input.file}`);
      writeFileSync(file, outcome.input.text);
    }
    tally.crashes.set(oc.class, { count: 1, first: { task, detail: `${outcome.input?.origin ?? ''}: ${oc.detail}`, file } });
  };

  const worker = (): Promise<void> =>
    new Promise((resolve) => {
      let child: ChildProcess;
      let current: Task | undefined;
      /** Tasks sent to this worker and not done yet: a replaced worker's are handed back to the queue. */
      let inflight: Task[] = [];
      const requeue = () => {
        queue.unshift(...inflight.filter((t) => !same(t, current)));
        inflight = [];
      };
      let timer: NodeJS.Timeout | undefined;
      let stderr = '';
      const spawn = () => {
        child = fork(fileURLToPath(new URL('./worker.js', import.meta.url)), [], { stdio: ['ignore', 'ignore', 'pipe', 'ipc'], serialization: 'advanced' });
        child.stderr!.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-2000)));
        child.on('message', onMessage);
        child.on('exit', onExit);
        child.send({ type: 'init', seed: o.seed, corpus: corpus.repos, corpusRepos: o.corpusRepos } satisfies ToWorker);
      };
      const next = () => {
        const tasks = queue.splice(0, 20);
        if (!tasks.length) {
          child.off('exit', onExit);
          child.kill();
          return resolve();
        }
        inflight = tasks;
        child.send({ type: 'run', tasks } satisfies ToWorker);
      };
      const onMessage = (m: FromWorker) => {
        if (m.type === 'ready') {
          for (const n of m.notes) if (!notes.has(n)) notes.add(n);
          seedCounts = m.seeds;
          return next();
        }
        if (m.type === 'start') {
          current = m.task;
          timer = setTimeout(() => {
            tally.hangs.push(m.task);
            bump(tally.inputs, m.task.cli ? 'cli' : m.task.category);
            requeue();
            current = undefined;
            child.off('exit', onExit);
            child.kill('SIGKILL');
            spawn();
          }, o.timeoutMs);
          return;
        }
        clearTimeout(timer);
        if (m.type === 'done') {
          current = undefined;
          inflight = inflight.filter((t) => !same(t, m.task));
          return record(m.task, m);
        }
        next();
      };
      const onExit = (code: number | null, signal: string | null) => {
        clearTimeout(timer);
        requeue();
        if (current) {
          record(current, {
            type: 'done',
            task: current,
            ms: 0,
            maxRssKb: 0,
            outcome: { kind: 'crash', class: `worker died (${signal ?? `exit ${code}`})`, detail: stderr.split('\n').slice(-4).join(' | ') },
          });
          current = undefined;
        }
        spawn();
      };
      spawn();
    });
  const notes = new Set<string>();
  let seedCounts: Record<string, number> = {};
  await Promise.all(Array.from({ length: o.jobs }, worker));
  corpus.cleanup();

  const secs = ((Date.now() - t0) / 1000).toFixed(1);
  const total = Object.values(tally.inputs).reduce((a, b) => a + b, 0);
  for (const n of notes) console.log(`fuzz: note: ${n}`);
  console.log(
    `fuzz: seeds: ${Object.entries(seedCounts)
      .map(([k, v]) => `${k} ${v}`)
      .join(', ')}`,
  );
  console.log('fuzz: category    inputs     ok refused  crash  mean ms');
  for (const cat of [...CATEGORIES, 'cli']) {
    const n = tally.inputs[cat] ?? 0;
    const crashed = n - (tally.ok[cat] ?? 0) - (tally.refused[cat] ?? 0) - tally.hangs.filter((h) => (h.cli ? 'cli' : h.category) === cat).length;
    console.log(
      `fuzz: ${cat.padEnd(12)}${String(n).padStart(7)}${String(tally.ok[cat] ?? 0).padStart(7)}${String(tally.refused[cat] ?? 0).padStart(9)}${String(crashed).padStart(7)}${(n ? (tally.ms[cat] ?? 0) / n : 0).toFixed(1).padStart(9)}`,
    );
  }
  const crashCount = [...tally.crashes.values()].reduce((a, c) => a + c.count, 0);
  console.log(
    `fuzz: ${total} inputs in ${secs} s: ${crashCount} crashes in ${tally.crashes.size} classes, ${tally.hangs.length} hangs (> ${o.timeoutMs / 1000} s), slowest ${(tally.slowestMs / 1000).toFixed(2)} s, peak RSS ${Math.round(tally.peakRssKb / 1024)} MiB`,
  );
  for (const [cls, c] of [...tally.crashes].sort((a, b) => b[1].count - a[1].count)) {
    console.log(
      `fuzz: CRASH ×${c.count} ${cls}\n      first: ${label(c.first.task)} ${c.first.detail.replace(/\n/g, '\n      ')}${c.first.file ? `\n      input: ${c.first.file}` : ''}`,
    );
  }
  for (const h of tally.hangs) console.log(`fuzz: HANG ${label(h)} (replay: --seed ${o.seed})`);
  return crashCount || tally.hangs.length ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(`fuzz: ${e instanceof Error ? e.message : String(e)}`);
    process.exit(2);
  },
);
