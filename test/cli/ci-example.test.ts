import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { checkFlags } from '../../src/cli/argv-check.js';
import { buildCli } from '../../src/cli/main.js';
import { commandNamed, describeCli } from '../../src/cli/spec.js';
import { ROOT } from '../helpers/shared.js';

const FILE = join(ROOT, 'examples', 'ci', 'github-actions.yml');

interface Step {
  name?: string;
  uses?: string;
  run?: string;
  if?: string;
  env?: Record<string, string>;
  with?: Record<string, unknown>;
}

/** `talgen …` in a step's script: the words up to the end of the command (redirection, pipe, quote, `;`, `)`). */
function invocations(script: string): string[][] {
  return [...script.matchAll(/(?:^|[\s;&|(`'])talgen\s+([^\n;&|>)'"]*)/g)].map((m) => m[1]!.trim().split(/\s+/));
}

const workflow = parse(readFileSync(FILE, 'utf8')) as {
  on: Record<string, unknown>;
  permissions: Record<string, string>;
  env: Record<string, string>;
  jobs: Record<string, { steps: Step[] }>;
};
const steps = Object.values(workflow.jobs).flatMap((j) => j.steps);

test('the workflow parses: push and pull_request triggers, permission to comment, every step uses an action or runs a script', () => {
  assert.ok('push' in workflow.on && 'pull_request' in workflow.on);
  assert.is(workflow.permissions['pull-requests'], 'write');
  assert.ok(steps.length >= 5);
  for (const s of steps) assert.ok((s.uses === undefined) !== (s.run === undefined), JSON.stringify(s));
});

test('talgen is installed from a pinned git tag, the age key comes from the SOPS_AGE_KEY repository secret', () => {
  assert.match(workflow.env.TALGEN_VERSION!, /^v\d+\.\d+\.\d+$/);
  const install = steps.find((s) => s.run?.includes('npm install -g'));
  assert.match(install?.run ?? '', /npm install -g "git\+https:\/\/github\.com\/[^/]+\/talgen#\$\{TALGEN_VERSION\}"/);
  const rendering = steps.filter((s) => s.run && invocations(s.run).length);
  assert.ok(rendering.length >= 3);
  for (const s of rendering) assert.is(s.env?.SOPS_AGE_KEY, '${{ secrets.SOPS_AGE_KEY }}', s.name);
  // The diff and the comment run on pull requests only.
  for (const s of steps.filter((s) => /diff|[Cc]omment/.test(s.name ?? ''))) assert.ok(s.if?.includes('pull_request') || s.if?.includes('steps.diff'), s.name);
});

test('every talgen command and flag of the example is registered (the example cannot rot)', () => {
  const spec = describeCli(buildCli());
  const used = steps.flatMap((s) => invocations(s.run ?? ''));
  const names = new Set(used.map((words) => words[0]));
  for (const expected of ['check', 'genconfig', 'diff']) assert.ok(names.has(expected), `the example runs talgen ${expected}`);
  assert.ok(used.some((w) => w[0] === 'genconfig' && w.includes('--redacted')));
  assert.ok(used.some((w) => w[0] === 'diff' && w.join(' ').includes('--output json')));
  for (const words of used) {
    const [name, ...args] = words as [string, ...string[]];
    const command = commandNamed(spec, name);
    assert.ok(command, `talgen ${name} in ${FILE} is not a registered command`);
    for (const flag of args.filter((a) => a.startsWith('--'))) checkFlags(spec, command, [flag]);
    checkFlags(
      spec,
      command,
      args.filter((a) => !a.startsWith('--')),
    );
  }
});

test.run();
