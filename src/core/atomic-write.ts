import { mkdirSync, renameSync, writeFileSync, rmSync, chmodSync, existsSync } from 'node:fs';
import { rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join, basename } from 'node:path';
import { randomBytes } from 'node:crypto';

export interface WriteOptions {
  mode?: number; // default 0o600
}

/** Write a file atomically: temp file in the same directory, fsync-free rename over the target. */
export function writeFileAtomic(path: string, data: string | Uint8Array, opts: WriteOptions = {}): void {
  const mode = opts.mode ?? 0o600;
  const dir = dirname(path);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const tmp = join(dir, `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    writeFileSync(tmp, data, { mode, flag: 'wx' });
    chmodSync(tmp, mode);
    renameSync(tmp, path);
  } catch (e) {
    if (existsSync(tmp)) rmSync(tmp, { force: true });
    throw e;
  }
}

/**
 * Write several files so that either all of them land or none does (as far as a filesystem allows):
 * every temp file is written first, then all are renamed.
 */
export function writeFilesAtomic(files: { path: string; data: string | Uint8Array; mode?: number }[]): void {
  const staged: { tmp: string; path: string }[] = [];
  try {
    for (const f of files) {
      const dir = dirname(f.path);
      mkdirSync(dir, { recursive: true, mode: 0o700 });
      const tmp = join(dir, `.${basename(f.path)}.${randomBytes(6).toString('hex')}.tmp`);
      const mode = f.mode ?? 0o600;
      writeFileSync(tmp, f.data, { mode, flag: 'wx' });
      chmodSync(tmp, mode);
      staged.push({ tmp, path: f.path });
    }
  } catch (e) {
    for (const s of staged) rmSync(s.tmp, { force: true });
    throw e;
  }
  for (const s of staged) renameSync(s.tmp, s.path);
}

async function inBatches<T>(items: T[], size: number, fn: (item: T) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < items.length; i += size) await Promise.all(items.slice(i, i + size).map(fn));
}

/**
 * `writeFilesAtomic` for many files: temp files are written in parallel (the filesystem, not the CPU, is the
 * bottleneck for a 1000-node repo), then renamed; if any write fails, no target is touched.
 */
export async function writeFilesAtomicAsync(files: { path: string; data: string | Uint8Array; mode?: number }[]): Promise<void> {
  const staged = files.map((f) => {
    const dir = dirname(f.path);
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    return { ...f, tmp: join(dir, `.${basename(f.path)}.${randomBytes(6).toString('hex')}.tmp`) };
  });
  try {
    await inBatches(staged, 64, (f) => writeFile(f.tmp, f.data, { mode: f.mode ?? 0o600, flag: 'wx' }));
  } catch (e) {
    await Promise.all(staged.map((f) => rm(f.tmp, { force: true })));
    throw e;
  }
  await inBatches(staged, 64, (f) => rename(f.tmp, f.path));
}
