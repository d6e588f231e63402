import { closeSync, openSync, readSync, statSync, type Stats } from 'node:fs';
import { TalgenError, type TalgenErrorInit } from './errors.js';
import { LIMITS, limitError } from './limits.js';

/** File kinds talgen refuses to read, by the stat test that finds them (only regular files are input). */
const NOT_REGULAR: [(s: Stats) => boolean, string][] = [
  [(s) => s.isDirectory(), 'a directory'],
  [(s) => s.isFIFO(), 'a FIFO'],
  [(s) => s.isCharacterDevice() || s.isBlockDevice(), 'a device'],
  [(s) => s.isSocket(), 'a socket'],
];

/**
 * Why `path` cannot be read as an input file (`what` names it in the message: "patch file", "talconfig"), or
 * undefined when it is a regular file within the fileBytes limit.
 */
export function inputFileProblem(path: string, what: string, at: TalgenErrorInit = {}): TalgenError | undefined {
  let st: Stats;
  try {
    st = statSync(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return new TalgenError(`${what} not found: ${path}`, at);
    return new TalgenError(`cannot read ${what} ${path}: ${code ?? (e as Error).message}`, at);
  }
  const kind = NOT_REGULAR.find(([test]) => test(st))?.[1];
  if (kind) return new TalgenError(`${what} ${path} is ${kind}, not a regular file`, { hint: 'talgen reads only regular files', ...at });
  if (st.size > LIMITS.fileBytes.max) return limitError('fileBytes', { file: path, ...at });
  return undefined;
}

/**
 * Read an input file as UTF-8: a regular file of at most `LIMITS.fileBytes.max` bytes. The read itself is bounded
 * too, so a file that grows (or reports size 0, as /proc files do) cannot make talgen read forever.
 */
export function readInputFile(path: string, what: string, at: TalgenErrorInit = {}): string {
  const problem = inputFileProblem(path, what, at);
  if (problem) throw problem;
  const max = LIMITS.fileBytes.max;
  const fd = openSync(path, 'r');
  try {
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const buf = Buffer.allocUnsafe(Math.min(1 << 20, max + 1 - total));
      const n = readSync(fd, buf, 0, buf.length, null);
      if (n === 0) break;
      chunks.push(buf.subarray(0, n));
      total += n;
      if (total > max) throw limitError('fileBytes', { file: path, ...at });
    }
    return Buffer.concat(chunks, total).toString('utf8');
  } finally {
    closeSync(fd);
  }
}
