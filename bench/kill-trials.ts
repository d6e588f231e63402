/**
 * `npm run kill-trials`: crash safety of genconfig's output, measured. A generated repo (300 nodes by default) is
 * rendered alternately from two talconfig variants that change every worker's config; each trial starts a render,
 * kills it with SIGKILL at a random moment of its run, and checks that every file in the out dir is complete — byte
 * for byte the old or the new render, nothing else outside the staging dir — then lets the next run finish and checks
 * that it leaves exactly the new render and nothing of the killed run. Options: --trials N (50), --nodes N (300),
 * --seed N.
 */
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, watch } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { STAGING_DIR } from '../src/core/atomic-write.js';
import { writeLargeRepo } from './large-repo.js';

const ROOT = resolve(fileURLToPath(new URL('../../', import.meta.url)));
const CLI = join(ROOT, 'dist/src/cli.js');

const { values } = parseArgs({
  options: { trials: { type: 'string', default: '50' }, nodes: { type: 'string', default: '300' }, seed: { type: 'string', default: '1' } },
});
const TRIALS = Number(values.trials);
const NODES = Number(values.nodes);

/** A small deterministic PRNG (mulberry32), so a seed replays the same kill moments. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Every file under `dir` (relative path → bytes), the staging dir listed apart. */
function snapshot(dir: string): { files: Map<string, Buffer>; staged: string[] } {
  const files = new Map<string, Buffer>();
  const staged: string[] = [];
  const walk = (d: string): void => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      const rel = relative(dir, p);
      if (e.isDirectory()) {
        if (rel === STAGING_DIR) staged.push(...readdirSync(p).map((n) => join(rel, n)));
        else walk(p);
      } else files.set(rel, readFileSync(p));
    }
  };
  walk(dir);
  return { files, staged };
}

function genconfig(repo: string, variant: string): ReturnType<typeof spawnSync> {
  return spawnSync(process.execPath, [CLI, 'genconfig', '-c', variant, '-o', 'out'], { cwd: repo, encoding: 'utf8' });
}

const work = mkdtempSync(join(tmpdir(), 'talgen-kill-'));
const rand = prng(Number(values.seed));
let failures = 0;
const fail = (msg: string): void => {
  failures++;
  process.stderr.write(`FAIL ${msg}\n`);
};
try {
  const repo = join(work, 'repo');
  writeLargeRepo(repo, NODES, { talconfig: 'talconfig-a.yaml', maxPods: 150 });
  writeLargeRepo(repo, NODES, { talconfig: 'talconfig-b.yaml', maxPods: 110 });
  spawnSync(process.execPath, [CLI, 'gensecret', '-o', join(repo, 'talsecret.yaml')], { stdio: 'ignore' });

  // The two complete renders every trial must land on (the talosconfig is kept across runs, so it is shared).
  const t0 = process.hrtime.bigint();
  const first = genconfig(repo, 'talconfig-a.yaml');
  const runMs = Number(process.hrtime.bigint() - t0) / 1e6;
  if (first.status !== 0) throw new Error(`genconfig failed: ${first.stderr}`);
  const renderA = snapshot(join(repo, 'out')).files;
  cpSync(join(repo, 'out'), join(work, 'out-b'), { recursive: true });
  const b = spawnSync(process.execPath, [CLI, 'genconfig', '-c', 'talconfig-b.yaml', '-o', join(work, 'out-b')], { cwd: repo, encoding: 'utf8' });
  if (b.status !== 0) throw new Error(`genconfig failed: ${b.stderr}`);
  const renderB = snapshot(join(work, 'out-b')).files;
  const differing = [...renderA.keys()].filter((k) => !renderA.get(k)!.equals(renderB.get(k)!)).length;

  const tally = { old: 0, mixed: 0, new: 0, stagedLeft: 0 };
  let current = 'a';
  for (let i = 0; i < TRIALS; i++) {
    const target = current === 'a' ? 'b' : 'a';
    const [oldR, newR] = target === 'b' ? [renderA, renderB] : [renderB, renderA];
    // A third of the kills land anywhere in the run; a third wait for the run's staging dir to appear (its writes have
    // begun) and land within the write phase; a third wait for the first rename over a target and land at most 2
    // milliseconds later, among the renames.
    const mode = (['anywhere', 'writes', 'renames'] as const)[i % 3]!;
    const child = spawn(process.execPath, [CLI, 'genconfig', '-c', `talconfig-${target}.yaml`, '-o', 'out'], { cwd: repo, stdio: 'ignore' });
    await new Promise<void>((done) => {
      let timer: NodeJS.Timeout | undefined;
      const kill = (ms: number): void => {
        timer ??= setTimeout(() => child.kill('SIGKILL'), ms);
      };
      const watcher =
        mode === 'anywhere'
          ? undefined
          : watch(join(repo, 'out'), (event, name) => {
              if (mode === 'writes' && name === STAGING_DIR) kill(rand() * runMs * 0.15);
              if (mode === 'renames' && event === 'rename' && name?.endsWith('.yaml')) kill(rand() * 2);
            });
      if (mode === 'anywhere') kill(rand() * runMs * 1.2);
      child.on('exit', () => {
        clearTimeout(timer);
        watcher?.close();
        done();
      });
    });
    const after = snapshot(join(repo, 'out'));
    let olds = 0;
    let news = 0;
    for (const [rel, bytes] of after.files) {
      const isOld = oldR.get(rel)?.equals(bytes) ?? false;
      const isNew = newR.get(rel)?.equals(bytes) ?? false;
      if (!isOld && !isNew) fail(`trial ${i}: ${rel} is neither the old nor the new render (${bytes.length} bytes)`);
      if (isOld && !isNew) olds++;
      if (isNew && !isOld) news++;
    }
    for (const rel of oldR.keys()) if (!after.files.has(rel)) fail(`trial ${i}: ${rel} is missing`);
    if (after.staged.length) tally.stagedLeft++;
    if (news === 0) tally.old++;
    else if (olds === 0) tally.new++;
    else tally.mixed++;

    const next = genconfig(repo, `talconfig-${target}.yaml`);
    if (next.status !== 0) fail(`trial ${i}: the run after the kill failed: ${next.stderr}`);
    const settled = snapshot(join(repo, 'out'));
    if (settled.staged.length || existsSync(join(repo, 'out', STAGING_DIR))) fail(`trial ${i}: the next run left ${STAGING_DIR}/`);
    for (const [rel, bytes] of newR) if (!settled.files.get(rel)?.equals(bytes)) fail(`trial ${i}: after the next run ${rel} is not the new render`);
    if (settled.files.size !== newR.size) fail(`trial ${i}: after the next run the out dir has ${settled.files.size} files, expected ${newR.size}`);
    current = target;
  }
  process.stdout.write(
    [
      `kill -9 trials: ${TRIALS} on a ${NODES}-node repo (${renderA.size} output files, ${differing} differ between the two renders; one run ≈ ${runMs.toFixed(0)} ms)`,
      `  killed before any target changed: ${tally.old}, during the renames (old and new files mixed, each complete): ${tally.mixed}, after all renames: ${tally.new}`,
      `  trials that left staged temp files in ${STAGING_DIR}/ (git-ignored, removed by the next run): ${tally.stagedLeft}`,
      `  incomplete or foreign files: ${failures === 0 ? 0 : 'see FAIL lines'}; leftovers after the next run: ${failures === 0 ? 0 : 'see FAIL lines'}`,
      '',
    ].join('\n'),
  );
} finally {
  rmSync(work, { recursive: true, force: true });
}
process.exitCode = failures ? 1 : 0;
