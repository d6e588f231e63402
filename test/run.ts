import { type ChildProcess, fork } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { fixtureSecrets, leakedSecrets } from './secret-grep.js';

// `npm test`: every dist/test/**/*.test.js in a few worker processes (one uvu run per file, files handed out as
// workers become free, slowest first by the previous run's times), each file's output printed as one block, then one
// summary: tests passed and failed, and every skip with what was missing (test/helpers/shared.ts decides skips).
// Usage: node dist/test/run.js [file-regex] [--jobs N] [--times]

const TEST_DIR = dirname(fileURLToPath(import.meta.url));
const TIMES_FILE = join(TEST_DIR, '..', '..', '.cache', 'test-times.json');

interface Skip {
  what: string;
  missing: string;
}

interface FileResult {
  file: string;
  output: string;
  passed: number;
  total: number;
  /** Tests uvu skipped (`test.skip`, the stand-in shared.ts hands out for tests whose data is missing). */
  skipped: number;
  failed: boolean;
  skips: Skip[];
  ms: number;
}

type UvuGroup = [string, ...Array<() => Promise<[string | true, number, number, number]>>];

async function runFile(file: string): Promise<FileResult> {
  const started = performance.now();
  const name = relative(TEST_DIR, file);
  const g = globalThis as unknown as { UVU_QUEUE: UvuGroup[]; UVU_INDEX: number };
  g.UVU_QUEUE = [[name]];
  g.UVU_INDEX = 0;
  let output = '';
  const stdoutWrite = process.stdout.write;
  const stderrWrite = process.stderr.write;
  const capture = (chunk: string | Uint8Array): boolean => {
    output += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
    return true;
  };
  process.stdout.write = capture as typeof process.stdout.write;
  process.stderr.write = capture as typeof process.stderr.write;
  const shared = await import('./helpers/shared.js');
  let passed = 0;
  let total = 0;
  let skipped = 0;
  let failed = false;
  try {
    await import(pathToFileURL(file).href);
    const [, ...runs] = g.UVU_QUEUE[0] as UvuGroup;
    for (const run of runs) {
      const [errors, ran, skip, max] = await run();
      passed += ran;
      skipped += skip;
      total += max;
      if (errors !== true) {
        failed = true;
        output += `\n${errors}\n`;
      }
    }
  } catch (e) {
    failed = true;
    output += `\n  FAIL ${name} did not load: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`;
  } finally {
    process.stdout.write = stdoutWrite;
    process.stderr.write = stderrWrite;
  }
  const skips = shared.skips.splice(0).map((s) => ({ ...s, what: `${name}: ${s.what}` }));
  return { file, output, passed, total, skipped, failed, skips, ms: performance.now() - started };
}

function worker(): void {
  // uvu queues suites instead of running them itself only when UVU_DEFER is set before it loads.
  (globalThis as unknown as { UVU_DEFER: number }).UVU_DEFER = 1;
  // Node 20: X509Certificate#toLegacyObject() (src/talosconfig, run in-process by CLI tests) in a process that has
  // not loaded node:tls yet leaves tls.createSecureContext undefined for good; later TLS tests in the worker fail.
  const ready = import('node:tls');
  process.on('message', (file: string) => {
    ready.then(() => runFile(file)).then((r) => process.send?.(r));
  });
}

function testFiles(dir: string, pattern: RegExp): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...testFiles(path, pattern));
    else if (entry.name.endsWith('.test.js') && pattern.test(relative(TEST_DIR, path))) out.push(path);
  }
  return out;
}

function previousTimes(): Record<string, number> {
  try {
    return JSON.parse(readFileSync(TIMES_FILE, 'utf8')) as Record<string, number>;
  } catch {
    return {};
  }
}

function parseArgs(argv: string[]): { pattern: RegExp; jobs: number; times: boolean } {
  let pattern = /./;
  let jobs = Math.min(2, availableParallelism());
  let times = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] as string;
    if (a === '--jobs') jobs = Math.max(1, Number(argv[++i]));
    else if (a === '--times') times = true;
    else pattern = new RegExp(a, 'i');
  }
  return { pattern, jobs, times };
}

function summary(results: FileResult[], seconds: number, jobs: number): string {
  const passed = results.reduce((n, r) => n + r.passed, 0);
  const total = results.reduce((n, r) => n + r.total, 0);
  const failedFiles = results.filter((r) => r.failed).map((r) => relative(TEST_DIR, r.file));
  const skips = results.flatMap((r) => r.skips);
  const skippedTests = results.reduce((n, r) => n + r.skipped, 0);
  const lines = [
    '',
    `  ${passed} passed, ${total - passed} failed; ${skips.length} parts skipped for a missing prerequisite (whole suites, and ${skippedTests} single tests)`,
    `  ${results.length} files in ${seconds.toFixed(1)} s with ${jobs} worker${jobs === 1 ? '' : 's'}`,
  ];
  if (failedFiles.length) lines.push(`  failed: ${failedFiles.join(', ')}`);
  const byMissing = new Map<string, string[]>();
  for (const s of skips) byMissing.set(s.missing, [...(byMissing.get(s.missing) ?? []), s.what]);
  for (const [missing, whats] of byMissing) {
    lines.push(`  skipped ${whats.length} for want of ${missing}:`);
    for (const w of whats) lines.push(`    - ${w}`);
  }
  return `${lines.join('\n')}\n`;
}

async function main(): Promise<number> {
  const { pattern, jobs, times } = parseArgs(process.argv.slice(2));
  const known = previousTimes();
  const queue = testFiles(TEST_DIR, pattern).sort(
    (a, b) => (known[relative(TEST_DIR, b)] ?? Infinity) - (known[relative(TEST_DIR, a)] ?? Infinity) || a.localeCompare(b),
  );
  if (!queue.length) {
    process.stderr.write(`no test file matches ${pattern}\n`);
    return 1;
  }
  const started = performance.now();
  // Expensive fixtures (test/helpers/bundles.ts) made once per run and shared by the workers.
  const cache = mkdtempSync(join(tmpdir(), 'talgen-test-run-'));
  process.env.TALGEN_TEST_CACHE = cache;
  const results: FileResult[] = [];
  // Everything the suite prints (the workers' stdout and stderr), for the secret grep at the end.
  let transcript = '';
  const current = new Map<ChildProcess, string>();
  const workers: ChildProcess[] = [];
  await new Promise<void>((done) => {
    const next = (w: ChildProcess) => {
      const file = queue.shift();
      if (file !== undefined) {
        current.set(w, file);
        w.send(file);
        return;
      }
      w.disconnect();
      if (current.size === 0) done();
    };
    const finished = (w: ChildProcess, r: FileResult) => {
      current.delete(w);
      results.push(r);
      transcript += r.output;
      process.stdout.write(`\n${relative(TEST_DIR, r.file)}\n${r.output}`);
      next(w);
    };
    // A worker that dies fails its file and is replaced, so the remaining files still run.
    const start = () => {
      const w = fork(fileURLToPath(import.meta.url), ['--worker'], { stdio: ['ignore', 'pipe', 'pipe', 'ipc'] });
      w.stdout!.on('data', (d: Buffer) => {
        transcript += d.toString('utf8');
        process.stdout.write(d);
      });
      w.stderr!.on('data', (d: Buffer) => {
        transcript += d.toString('utf8');
        process.stderr.write(d);
      });
      workers.push(w);
      w.on('message', (r: FileResult) => finished(w, r));
      w.on('exit', (code, signal) => {
        const file = current.get(w);
        if (file === undefined) return;
        current.delete(w);
        results.push({ file, output: '', passed: 0, total: 1, skipped: 0, failed: true, skips: [], ms: 0 });
        process.stdout.write(`\n  FAIL ${relative(TEST_DIR, file)}: its worker exited (${signal ?? code})\n`);
        if (queue.length) start();
        else if (current.size === 0) done();
      });
      next(w);
    };
    for (let i = 0; i < Math.min(jobs, queue.length); i++) start();
  });
  // A test file that leaves a handle open would keep its worker, and so this run, alive.
  for (const w of workers) if (w.exitCode === null && w.signalCode === null) w.kill();
  const secrets = await fixtureSecrets(join(TEST_DIR, '..', '..'), cache);
  const leaks = leakedSecrets(transcript, secrets);
  rmSync(cache, { recursive: true, force: true });
  const seconds = (performance.now() - started) / 1000;
  const measured = { ...known };
  for (const r of results) measured[relative(TEST_DIR, r.file)] = Math.round(r.ms);
  mkdirSync(dirname(TIMES_FILE), { recursive: true });
  writeFileSync(TIMES_FILE, `${JSON.stringify(measured, null, 2)}\n`);
  if (times) {
    for (const r of [...results].sort((a, b) => b.ms - a.ms)) {
      process.stdout.write(`${(r.ms / 1000).toFixed(2).padStart(8)} s  ${relative(TEST_DIR, r.file)}\n`);
    }
  }
  process.stdout.write(summary(results, seconds, Math.min(jobs, results.length)));
  process.stdout.write(`  secret grep: ${secrets.size} secret values of the fixtures, ${leaks.length} found in the suite's output\n`);
  for (const l of leaks) process.stdout.write(`  FAIL secret leaked into the test output: ${l}\n`);
  return results.some((r) => r.failed) || leaks.length ? 1 : 0;
}

if (process.argv.includes('--worker')) worker();
else
  main().then((code) => {
    process.exitCode = code;
  });
