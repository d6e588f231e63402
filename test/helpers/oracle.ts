import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT, skip } from './shared.js';

// The Talos oracle: oracle/ (Go, over siderolabs/talos pkg/machinery pinned per release) built by
// scripts/build-oracle.sh into .cache/oracle/talos-oracle-vX.Y. Tests compare talgen with it.

export type OracleResult = { ok: true; out: string } | { ok: false; error: string };

const BUILD_SCRIPT = join(ROOT, 'scripts', 'build-oracle.sh');
const binary = (contract: string) => join(ROOT, '.cache', 'oracle', `talos-oracle-${contract}`);
const pinned = (contract: string) => existsSync(join(ROOT, 'oracle', `go.${contract}.mod`));

const MACHINERY_PIN = /^require github\.com\/siderolabs\/talos\/pkg\/machinery (\S+)$/m;

/** The Talos release each oracle module file pins (`v1.14` → `v1.14.0-rc.1`), read from oracle/go.vX.Y.mod. */
export function oraclePins(): Map<string, string> {
  const pins = new Map<string, string>();
  for (const file of readdirSync(join(ROOT, 'oracle'))) {
    const contract = /^go\.(v\d+\.\d+)\.mod$/.exec(file)?.[1];
    if (!contract) continue;
    const pin = MACHINERY_PIN.exec(readFileSync(join(ROOT, 'oracle', file), 'utf8'))?.[1];
    if (!pin) throw new Error(`oracle/${file} does not require github.com/siderolabs/talos/pkg/machinery`);
    pins.set(contract, pin);
  }
  return pins;
}

let goPresent: boolean | undefined;
const built = new Map<string, boolean>();

/**
 * Whether the oracle for `contract` ('v1.13') can run: Go is installed, the oracle pins that release and its modules
 * could be had (the script skips a release whose pinned module the proxy refuses, and says so once here). The
 * first call per contract runs the build script (a no-op when the binary is up to date); a failing build throws.
 */
export function oracleAvailable(contract: string): boolean {
  const known = built.get(contract);
  if (known !== undefined) return known;
  goPresent ??= spawnSync('go', ['version'], { encoding: 'utf8' }).status === 0;
  let ok = false;
  if (goPresent && pinned(contract)) {
    // Test workers run in parallel: one build at a time (flock, where util-linux has it), the others then find it done.
    mkdirSync(join(ROOT, '.cache'), { recursive: true });
    const build = spawnSync('flock', ['--version'], { stdio: 'ignore' }).error
      ? [BUILD_SCRIPT, contract]
      : ['flock', join(ROOT, '.cache', 'oracle.lock'), BUILD_SCRIPT, contract];
    const r = spawnSync(build[0] as string, build.slice(1), { cwd: ROOT, encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`scripts/build-oracle.sh ${contract} failed:\n${r.stderr}${r.stdout}`);
    ok = existsSync(binary(contract));
    if (!ok) skip(`Talos oracle tests for ${contract}`, `its pinned Talos modules (${r.stderr.trim().split('\n')[0]})`, { optional: true });
  } else if (!goPresent) skip(`Talos oracle tests for ${contract}`, 'Go (the `go` command builds the oracle; .ci/run does not install it)', { optional: true });
  built.set(contract, ok);
  return ok;
}

function runOracle(contract: string, args: string[], input?: string): { status: number; stdout: string; stderr: string } {
  if (!oracleAvailable(contract)) throw new Error(`the Talos oracle for ${contract} is not available (needs Go and oracle/go.${contract}.mod)`);
  const r = spawnSync(binary(contract), args, { input, encoding: 'utf8', maxBuffer: 64 << 20 });
  if (r.error) throw r.error;
  if (r.status === null || r.status > 1) throw new Error(`talos-oracle ${args.join(' ')} exited ${r.status ?? r.signal}: ${r.stderr}`);
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** One question for the oracle: the operation of one of its commands, with texts instead of files. */
export type OracleRequest =
  | { op: 'roundtrip'; config: string }
  | { op: 'patch'; config: string; patches: string[] }
  | { op: 'validate'; mode: string; strict?: boolean; config: string };

/** A valid config's warnings, or Talos's validation errors (warnings alone do not fail). */
export type OracleValidation = { ok: true; warnings: string[] } | { ok: false; error: string };

/** The answer to a request: a validation for `validate`, the printed config or the refusal otherwise. */
export type OracleAnswer<R extends OracleRequest> = R extends { op: 'validate' } ? OracleValidation : OracleResult;

/** What a command printed, the same whether it ran alone or in a batch (the batch's JSON reply line). */
interface Reply {
  ok: boolean;
  out?: string;
  warnings?: string[];
  error?: string;
}

/** A reply as the answer to its request (Talos's error text without the blank lines its multi-errors end with). */
function answer<R extends OracleRequest>(request: R, reply: Reply): OracleAnswer<R> {
  const settled: OracleResult | OracleValidation = !reply.ok
    ? { ok: false, error: (reply.error ?? '').trim() }
    : request.op === 'validate'
      ? { ok: true, warnings: reply.warnings ?? [] }
      : { ok: true, out: reply.out ?? '' };
  return settled as OracleAnswer<R>;
}

const WARNING = 'warning: ';

/** A single command's exit status and output as a reply: stderr holds the warnings (one a line), then the error. */
function replyOf(r: { status: number; stdout: string; stderr: string }): Reply {
  const lines = r.stderr.split('\n');
  return {
    ok: r.status === 0,
    out: r.stdout,
    warnings: lines.filter((l) => l.startsWith(WARNING)).map((l) => l.slice(WARNING.length)),
    error: lines.filter((l) => !l.startsWith(WARNING)).join('\n'),
  };
}

/** Talos's configloader decode + `EncodeBytes(CommentsDisabled)` of a (multi-document) machine config. */
export function oracleRoundTrip(contract: string, yamlText: string): OracleResult {
  return answer({ op: 'roundtrip', config: yamlText }, replyOf(runOracle(contract, ['roundtrip', '-'], yamlText)));
}

/** configpatcher.LoadPatches + Apply of the patches (in order) to the base config, encoded as oracleRoundTrip. */
export function oraclePatch(contract: string, baseText: string, patchTexts: string[]): OracleResult {
  const dir = mkdtempSync(join(tmpdir(), 'talgen-oracle-'));
  try {
    const patchFiles = patchTexts.map((text, i) => {
      const file = join(dir, `patch-${i}.yaml`);
      writeFileSync(file, text);
      return file;
    });
    return answer({ op: 'patch', config: baseText, patches: patchTexts }, replyOf(runOracle(contract, ['patch', '-', ...patchFiles], baseText)));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** `talosctl validate --mode <metal|cloud|container>` on the config: its warnings, or the validation errors. */
export function oracleValidation(contract: string, mode: string, yamlText: string): OracleValidation {
  const request = { op: 'validate', mode, config: yamlText } as const;
  return answer(request, replyOf(runOracle(contract, ['validate', '--mode', mode, '-'], yamlText)));
}

/**
 * Many requests in one oracle process (`talos-oracle batch`), answered in order as the single helpers above would
 * answer each. A malformed request (an unknown mode) throws, as the single helpers do.
 */
export function oracleBatch<R extends OracleRequest>(contract: string, requests: readonly R[]): OracleAnswer<R>[] {
  if (requests.length === 0) return [];
  const input = `${requests.map((r) => JSON.stringify(r)).join('\n')}\n`;
  const lines = runOracle(contract, ['batch'], input)
    .stdout.split('\n')
    .filter((l) => l !== '');
  if (lines.length !== requests.length) throw new Error(`talos-oracle batch answered ${lines.length} of ${requests.length} requests`);
  return requests.map((request, i) => answer(request, JSON.parse(lines[i] as string) as Reply));
}

/**
 * A test file's oracle questions, asked in one batch per contract: `ask` returns a function giving the answer, and
 * the first such call for a contract sends every request asked for it so far. Files ask everything up front and let
 * each test take its answers.
 */
export function oracleQueue(): <R extends OracleRequest>(contract: string, request: R) => () => OracleAnswer<R> {
  type Asked = { request: OracleRequest; answer?: OracleResult | OracleValidation };
  const pending = new Map<string, Asked[]>();
  return <R extends OracleRequest>(contract: string, request: R) => {
    const asked: Asked = { request };
    const queue = pending.get(contract) ?? [];
    queue.push(asked);
    pending.set(contract, queue);
    return () => {
      if (asked.answer === undefined) {
        // a batch that throws (no oracle, a malformed request) stays pending: every later answer throws the same
        const batch = pending.get(contract) ?? [];
        const requests = batch.map((a) => a.request);
        const answers = oracleBatch(contract, requests);
        pending.delete(contract);
        for (const [i, a] of batch.entries()) a.answer = answers[i];
      }
      return asked.answer as OracleAnswer<R>;
    };
  };
}

/**
 * Runs `make` now, while a test file asks its oracle questions up front, and hands its value (or throws its error)
 * to the test that takes it: a case whose inputs cannot be made fails alone instead of the whole file.
 */
export function upFront<T>(make: () => T): () => T {
  try {
    const value = make();
    return () => value;
  } catch (e) {
    return () => {
      throw e;
    };
  }
}
