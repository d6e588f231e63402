import { chmodSync, lstatSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { TalgenError } from './errors.js';

export interface WriteOptions {
  mode?: number; // default 0o600
}

export interface FileToWrite {
  path: string;
  data: string | Uint8Array;
  mode?: number;
}

/**
 * Temp files are staged in this directory beside their targets (same filesystem, so the final rename is atomic).
 * Its own `.gitignore` ignores everything in it, itself included, so what a killed run leaves behind is never
 * staged by `git add -A`; the next write into the same directory removes it.
 */
export const STAGING_DIR = '.talgen-tmp';
const STAGING_GITIGNORE = '# temp files of talgen runs; removed by the next run\n*\n';
/** One run's folder in the staging directory; the pid tells whether that run is still going. */
const RUN_DIR = /^run-(\d+)-[0-9a-f]+$/;
/** Temp files earlier talgen versions left beside their targets: `.<name>.<12 hex digits>.tmp`. */
const LEGACY_TMP = /^\..+\.[0-9a-f]{12}\.tmp$/;

function running(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function entries(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}

/** Remove what killed runs left in `dir`: staged runs whose process is gone, and legacy temp files. */
export function removeLeftovers(dir: string): void {
  for (const name of entries(dir)) if (LEGACY_TMP.test(name)) rmSync(join(dir, name), { force: true });
  const staging = join(dir, STAGING_DIR);
  for (const name of entries(staging)) {
    const m = RUN_DIR.exec(name);
    if (m && !running(Number(m[1]))) rmSync(join(staging, name), { recursive: true, force: true });
  }
  removeStagingIfUnused(staging);
}

function removeStagingIfUnused(staging: string): void {
  const left = entries(staging);
  if (left.length && left.every((n) => n === '.gitignore')) rmSync(staging, { recursive: true, force: true });
}

/** A filesystem failure while writing, as a TalgenError naming the file (never a stack trace). */
function writeError(e: unknown, path: string): TalgenError {
  const code = (e as NodeJS.ErrnoException).code;
  if (e instanceof TalgenError) return e;
  return new TalgenError(`cannot write ${path}: ${code ?? (e as Error).message}`, {
    file: path,
    hint:
      code === 'EACCES' || code === 'EPERM' ? 'the directory is not writable by you; talgen does not change its mode' : 'check the output path and free space',
  });
}

/**
 * Is the target already a regular file with exactly these bytes and this mode? Then it is left alone: its mtime
 * stays (tools watching the output see no change) and a large re-render writes only what changed.
 */
function unchanged(f: FileToWrite): boolean {
  try {
    const stat = lstatSync(f.path);
    if (!stat.isFile() || (stat.mode & 0o7777) !== (f.mode ?? 0o600)) return false;
    if (typeof f.data !== 'string') return stat.size === f.data.length && readFileSync(f.path).equals(f.data);
    if (stat.size !== Buffer.byteLength(f.data)) return false;
    // Text is compared as text (no buffers for a run's thousands of files): UTF-8 decoding is exact unless the file
    // holds bytes that are not UTF-8, which decode to U+FFFD; then the bytes decide.
    const text = readFileSync(f.path, 'utf8');
    return text === f.data && (!text.includes('\uFFFD') || readFileSync(f.path).equals(Buffer.from(f.data)));
  } catch {
    return false;
  }
}

/** The temp files of one write, staged per target directory and renamed over their targets at the end. */
class Staging {
  private readonly runs = new Map<string, string>();
  /** Directories of targets left unchanged: their leftovers of killed runs are removed all the same. */
  private readonly skipped = new Set<string>();
  private readonly id = `run-${process.pid}-${randomBytes(6).toString('hex')}`;
  private n = 0;

  /** A fresh temp path for `target`; the target's directory is created (0700) when missing, never re-moded. */
  tmpFor(target: string): string {
    const dir = dirname(target);
    let run = this.runs.get(dir);
    if (!run) {
      try {
        mkdirSync(dir, { recursive: true, mode: 0o700 });
        removeLeftovers(dir);
        const staging = join(dir, STAGING_DIR);
        mkdirSync(staging, { recursive: true, mode: 0o700 });
        writeFileSync(join(staging, '.gitignore'), STAGING_GITIGNORE, { mode: 0o644 });
        run = join(staging, this.id);
        mkdirSync(run, { mode: 0o700 });
      } catch (e) {
        throw writeError(e, dir);
      }
      this.runs.set(dir, run);
    }
    return join(run, `${this.n++}-${basename(target)}`);
  }

  /** The files that need writing; the targets already right are noted as skipped. */
  changed(files: FileToWrite[]): FileToWrite[] {
    return files.filter((f) => {
      if (!unchanged(f)) return true;
      this.skipped.add(dirname(f.path));
      return false;
    });
  }

  /** Remove this run's temp folders (after the renames, or after a failure), and killed runs' beside skipped targets. */
  cleanUp(): void {
    for (const dir of this.skipped) if (!this.runs.has(dir)) removeLeftovers(dir);
    for (const run of this.runs.values()) {
      rmSync(run, { recursive: true, force: true });
      removeStagingIfUnused(dirname(run));
    }
  }
}

/** Write a file atomically: a staged temp file renamed over the target. */
export function writeFileAtomic(path: string, data: string | Uint8Array, opts: WriteOptions = {}): void {
  writeFilesAtomic([{ path, data, mode: opts.mode }]);
}

/**
 * Write several files so that either all of them land or none does (as far as a filesystem allows):
 * every temp file is written first, then all are renamed. Targets whose bytes and mode are already right are
 * not rewritten.
 */
export function writeFilesAtomic(files: FileToWrite[]): void {
  const staging = new Staging();
  try {
    const changed = staging.changed(files);
    const staged = changed.map((f) => {
      const tmp = staging.tmpFor(f.path);
      try {
        writeFileSync(tmp, f.data, { mode: f.mode ?? 0o600, flag: 'wx' });
        chmodSync(tmp, f.mode ?? 0o600); // the mode asked for, whatever the umask
      } catch (e) {
        throw writeError(e, f.path);
      }
      return { tmp, path: f.path };
    });
    for (const s of staged) {
      try {
        renameSync(s.tmp, s.path);
      } catch (e) {
        throw writeError(e, s.path);
      }
    }
  } finally {
    staging.cleanUp();
  }
}

async function inBatches<T>(items: T[], size: number, fn: (item: T) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < items.length; i += size) await Promise.all(items.slice(i, i + size).map(fn));
}

/**
 * `writeFilesAtomic` for many files (unchanged targets skipped likewise): temp files are written in parallel (the filesystem, not the CPU, is the
 * bottleneck for a 1000-node repo), then renamed; if any write fails, no target is touched. The unchanged check
 * reads synchronously: reading back a few KiB costs less than a round trip through the thread pool.
 */
export async function writeFilesAtomicAsync(files: FileToWrite[]): Promise<void> {
  const staging = new Staging();
  try {
    const changed = staging.changed(files);
    if (!changed.length) return;
    const staged = changed.map((f) => ({ ...f, tmp: staging.tmpFor(f.path) }));
    // Loaded when there is something to write: node:fs/promises costs ~0.5 ms of a start, and a re-run whose outputs
    // are all unchanged (the pre-commit case) writes nothing.
    const { rename, writeFile } = await import('node:fs/promises');
    await inBatches(staged, 64, (f) =>
      writeFile(f.tmp, f.data, { mode: f.mode ?? 0o600, flag: 'wx' }).catch((e: unknown) => Promise.reject(writeError(e, f.path))),
    );
    await inBatches(staged, 64, (f) => rename(f.tmp, f.path).catch((e: unknown) => Promise.reject(writeError(e, f.path))));
  } finally {
    staging.cleanUp();
  }
}
