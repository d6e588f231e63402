import { isAscii } from 'node:buffer';
import { hash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { Script } from 'node:vm';

/** A CommonJS file run through `node:vm` with V8's code cache. */
export interface CachedScript {
  exports: Record<string, unknown>;
  /** How the cache file was used: read and accepted, rejected (made for another source or another V8), or absent. */
  cache: 'accepted' | 'rejected' | 'absent';
  /** The bytes of a cache file for the source as it is now, holding every function compiled so far. */
  createCachedData(): Buffer;
}

/** A cache file: the SHA-256 of the source it was made from, then V8's code cache. */
const DIGEST_BYTES = 32;

/**
 * A bundle file is the function Node's CommonJS loader would wrap the module in, written out: `WRAPPER_START`, the
 * module's code, `WRAPPER_END` (scripts/bundle.mjs writes them as esbuild's banner and footer). The text is then the
 * script as it is compiled: no 1 MB string is joined to a wrapper and copied flat again on every start.
 */
export const WRAPPER_START = '(function (exports, require, module, __filename, __dirname) {';
export const WRAPPER_END = '\n})';

/** Where the build puts the code cache of a bundle (scripts/bundle.mjs). */
export function codeCacheFile(file: string): string {
  return `${file}.v8cache`;
}

/**
 * Run a bundle file (a CommonJS module in its wrapper, see WRAPPER_START) as `require` would run the module (same
 * parameters, a `require` resolving from the file), compiled
 * from `cacheFile` when it was made for these very bytes and V8 accepts it (V8 checks its own version and flags, and
 * of the source only its length: the digest in front is what ties a cache to its source). Otherwise the source is
 * compiled as usual. Node 20 has no compile cache for modules (`module.enableCompileCache` came with Node 22), so
 * this is the one way to skip parsing and compiling on every start. The cache is only read here; the build writes it
 * (scripts/bundle.mjs).
 */
export function runCachedScript(file: string, cacheFile: string): CachedScript {
  const bytes = readFileSync(file);
  const digest = hash('sha256', bytes, 'buffer');
  const saved = readCache(cacheFile);
  const fits = saved !== undefined && saved.length > DIGEST_BYTES && digest.equals(saved.subarray(0, DIGEST_BYTES));
  const script = new Script(sourceText(bytes), {
    filename: file,
    ...(fits ? { cachedData: saved.subarray(DIGEST_BYTES) } : {}),
  });
  const module = { exports: {} as Record<string, unknown> };
  (script.runInThisContext() as (...args: unknown[]) => void)(module.exports, createRequire(file), module, file, dirname(file));
  return {
    exports: module.exports,
    cache: saved === undefined ? 'absent' : fits && !script.cachedDataRejected ? 'accepted' : 'rejected',
    createCachedData: () => Buffer.concat([digest, script.createCachedData()]),
  };
}

/**
 * The file's text. The bundle is ASCII (esbuild escapes the rest, talgen's sources write non-ASCII regexp characters
 * as escapes), and ASCII read as Latin-1 is the same string made about three times faster than by the UTF-8 decoder.
 */
function sourceText(bytes: Buffer): string {
  return isAscii(bytes) ? bytes.toString('latin1') : bytes.toString('utf8');
}

/** The cache is an optimisation: a missing or unreadable file means compiling from source, never an error. */
function readCache(file: string): Buffer | undefined {
  try {
    return readFileSync(file);
  } catch {
    return undefined;
  }
}
