/**
 * `-d/--debug` (talhelper's flag): the pipeline reports each step it runs to a debug sink, with its subject (a file
 * or a node), counts and duration. Subjects and counts only, never values: a debug log is safe to paste into an issue.
 *
 * Debugging is a concern of the whole run (the same steps serve genconfig, validate, genurl and every command built
 * on them), so the sink is installed once per run by the CLI instead of being threaded through every call; with no
 * sink installed a traced step is a plain call.
 */

/** The steps of the pipeline, in the order a node goes through them. */
export const DEBUG_STEPS = ['load', 'substitute', 'decrypt', 'plan', 'generate', 'patch', 'validate', 'emit'] as const;
export type DebugStep = (typeof DEBUG_STEPS)[number];

export interface DebugEvent {
  step: DebugStep;
  /** What the step worked on: a file path or a node's hostname. */
  subject: string;
  /** What it produced, counted (`{ nodes: 4 }`, `{ documents: 2 }`). */
  counts: Record<string, number>;
  ms: number;
}

export type DebugSink = (event: DebugEvent) => void;

let sink: DebugSink | undefined;

/** Install (or with `undefined` remove) the run's debug sink; returns the one it replaces. */
export function setDebugSink(next: DebugSink | undefined): DebugSink | undefined {
  const prev = sink;
  sink = next;
  return prev;
}

/** Run `fn` as one step of the pipeline; with a sink installed, report it with the counts `count` reads off the result. */
export function traced<T>(step: DebugStep, subject: string, fn: () => T, count: (result: T) => Record<string, number> = () => ({})): T {
  const to = sink;
  if (!to) return fn();
  const start = performance.now();
  const result = fn();
  to({ step, subject, counts: count(result), ms: performance.now() - start });
  return result;
}

/** `traced` for a step that is asynchronous: reported when its promise settles successfully. */
export async function tracedAsync<T>(
  step: DebugStep,
  subject: string,
  fn: () => Promise<T>,
  count: (result: T) => Record<string, number> = () => ({}),
): Promise<T> {
  const to = sink;
  if (!to) return fn();
  const start = performance.now();
  const result = await fn();
  to({ step, subject, counts: count(result), ms: performance.now() - start });
  return result;
}
