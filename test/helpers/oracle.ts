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

function result(r: { status: number; stdout: string; stderr: string }): OracleResult {
  return r.status === 0 ? { ok: true, out: r.stdout } : { ok: false, error: r.stderr.trim() };
}

/** Talos's configloader decode + `EncodeBytes(CommentsDisabled)` of a (multi-document) machine config. */
export function oracleRoundTrip(contract: string, yamlText: string): OracleResult {
  return result(runOracle(contract, ['roundtrip', '-'], yamlText));
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
    return result(runOracle(contract, ['patch', '-', ...patchFiles], baseText));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** `talosctl validate --mode <metal|cloud|container>` on the config: ok, or the validation errors (warnings do not fail). */
export function oracleValidate(contract: string, mode: string, yamlText: string): { ok: boolean; error?: string } {
  const r = oracleValidation(contract, mode, yamlText);
  return r.ok ? { ok: true } : r;
}

/** As oracleValidate, with the warnings Talos gives for a valid config. */
export function oracleValidation(contract: string, mode: string, yamlText: string): { ok: true; warnings: string[] } | { ok: false; error: string } {
  const r = runOracle(contract, ['validate', '--mode', mode, '-'], yamlText);
  if (r.status !== 0) return { ok: false, error: r.stderr.trim() };
  return {
    ok: true,
    warnings: r.stderr
      .split('\n')
      .filter((l) => l.startsWith('warning: '))
      .map((l) => l.slice('warning: '.length)),
  };
}
