/**
 * A fuzz worker (a child process of test/fuzz/run.ts): builds its context once, then runs the inputs it is sent,
 * reporting each start (the parent's 10 s hang timer) and outcome, with the process's peak RSS.
 */
import fc from 'fast-check';
import { judge, judgeCli, type Outcome } from './oracle.js';
import { loadSeeds } from './seeds.js';
import { arbitraries, CATEGORIES, makeContext, type Category, type FuzzInput, type PreparedRepo } from './targets.js';

export interface InitMessage {
  type: 'init';
  seed: number;
  corpus: PreparedRepo[];
  corpusRepos: number;
}
export interface Task {
  category: Category;
  index: number;
  /** Run the input through the built CLI instead of in-process (talconfig inputs). */
  cli?: boolean;
}
export type ToWorker = InitMessage | { type: 'run'; tasks: Task[] };
export type FromWorker =
  | { type: 'ready'; notes: string[]; seeds: Record<string, number> }
  | { type: 'start'; task: Task }
  | { type: 'done'; task: Task; outcome: Outcome; ms: number; maxRssKb: number; input?: { origin: string; file: string; text: string } }
  | { type: 'idle' };

/** The input of (seed, category, index): fast-check's generator seeded per input, so any one replays alone. */
export function inputSeed(seed: number, category: Category, index: number): number {
  return (Math.imul(seed, 1000003) + Math.imul(CATEGORIES.indexOf(category) + 1, 7919) + index) | 0;
}

let arbs: Record<Category, fc.Arbitrary<FuzzInput>>;
let seed = 0;

const send = (m: FromWorker) => process.send!(m);

async function runTask(task: Task): Promise<void> {
  send({ type: 'start', task });
  const t0 = performance.now();
  let outcome: Outcome;
  let input: FuzzInput | undefined;
  try {
    input = fc.sample(arbs[task.category], { seed: inputSeed(seed, task.category, task.index), numRuns: 1 })[0]!;
    if (task.cli && input.cli) outcome = judgeCli(input.cli());
    else {
      await input.run();
      outcome = judge(undefined);
    }
  } catch (e) {
    outcome = input ? judge(e) : { kind: 'crash', class: 'harness: input generation failed', detail: String(e) };
  }
  const ms = performance.now() - t0;
  const report = outcome.kind === 'crash' && input ? { origin: input.origin, file: input.file, text: input.text } : undefined;
  send({ type: 'done', task, outcome, ms, maxRssKb: process.resourceUsage().maxRSS, input: report });
}

process.on('message', (m: ToWorker) => {
  void (async () => {
    if (m.type === 'init') {
      seed = m.seed;
      const seeds = loadSeeds(m.corpusRepos);
      arbs = arbitraries(await makeContext(seeds, m.corpus));
      send({
        type: 'ready',
        notes: seeds.notes,
        seeds: { talconfig: seeds.talconfig.length, patch: seeds.patch.length, env: seeds.env.length, template: seeds.template.length },
      });
      return;
    }
    for (const t of m.tasks) await runTask(t);
    send({ type: 'idle' });
  })();
});
