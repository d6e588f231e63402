import { existsSync } from 'node:fs';
import { TalgenError } from '../core/errors.js';
import { tracedAsync } from '../core/debug.js';
import { readInputFile } from '../core/read-input.js';
import { decryptText, formatOf, hasEncValues, hasSopsMetadata, type SecretSink, type SopsFormat } from './decrypt.js';
import type { KeySource } from './keys.js';
import { sopsErrorPosition } from './locate.js';
import { LineIndex } from '../load/sourcemap.js';
import { NoKeyError } from './meta.js';

/**
 * talgen's SOPS: age/ssh decryption with MAC verification (fail closed) and sops-compatible encryption.
 * The compiler needs only `readMaybeEncrypted` (or `hasSopsMetadata` + `decryptText`).
 */
export { decryptText, hasEncValues, hasSopsMetadata, formatOf, type SecretSink, type SopsFormat } from './decrypt.js';
export { discoverKeys, type KeySource } from './keys.js';
export { NoKeyError } from './meta.js';
export { encryptText, findCreationRule, type CreationRule } from './encrypt.js';

/**
 * Read a file, decrypting it when it carries sops metadata — whatever its name. A file with sops-encrypted values
 * but no metadata (truncated, or a metadata block deleted) is an error, never passed on as ciphertext.
 */
export async function readMaybeEncrypted(path: string, opts: ReadOptions = {}): Promise<{ text: string; encrypted: boolean }> {
  if (!existsSync(path)) throw new TalgenError('file not found', { file: path });
  const text = readInputFile(path, 'file', { file: path });
  return openMaybeEncrypted(text, path, opts);
}

type ReadOptions = { format?: SopsFormat; keys?: KeySource; onSecret?: SecretSink };

/** The format a file is read in: its extension's; other extensions are YAML unless the text is sops's binary envelope. */
function readFormat(text: string, path: string): SopsFormat {
  const format = formatOf(path);
  return format === 'binary' && !hasSopsMetadata(text, 'binary') ? 'yaml' : format;
}

/** Does this file's text carry sops metadata (is it SOPS-encrypted), judged as `readMaybeEncrypted` reads it? */
export function isSopsEncrypted(text: string, path: string): boolean {
  return hasSopsMetadata(text, readFormat(text, path));
}

/** `readMaybeEncrypted` for a text already read (from a file talgen has checked itself). */
export async function openMaybeEncrypted(text: string, path: string, opts: ReadOptions = {}): Promise<{ text: string; encrypted: boolean }> {
  const format = opts.format ?? readFormat(text, path);
  if (!hasSopsMetadata(text, format)) {
    if (hasEncValues(text)) {
      throw new TalgenError('the file holds sops-encrypted values but no sops metadata (truncated or damaged file?)', {
        file: path,
        ...new LineIndex(text).pos(text.indexOf('ENC[')),
        path: 'sops',
        hint: 'restore the file from git; talgen never uses ciphertext as configuration',
      });
    }
    return { text, encrypted: false };
  }
  let values = 0;
  const onSecret: SecretSink = (v) => {
    values++;
    opts.onSecret?.(v);
  };
  const plain = await tracedAsync(
    'decrypt',
    path,
    () => decryptFile(text, path, { ...opts, format, onSecret }),
    () => ({ values }),
  );
  return { text: plain, encrypted: true };
}

/**
 * `decryptText` for a file the user named: failures say "SOPS decryption failed" (talhelper's words) and point at
 * the metadata field they are about.
 */
export async function decryptFile(text: string, path: string, opts: ReadOptions & { format: SopsFormat }): Promise<string> {
  try {
    return await decryptText(text, path, opts);
  } catch (e) {
    throw e instanceof TalgenError ? decryptionFailed(e, text, opts.format) : e;
  }
}

/** What to do about a SOPS file talgen cannot open, when the error has no better hint of its own. */
const SOPS_HINT = 'a SOPS file is written by sops: restore it from git, or decrypt, fix and re-encrypt it (talgen decrypt / talgen encrypt)';

/**
 * A decryption error in talhelper's words ("SOPS decryption failed") keeping talgen's detail, positioned at the
 * field it is about (the metadata when the error names none) in every sops format.
 */
function decryptionFailed(e: TalgenError, text: string, format: SopsFormat): TalgenError {
  const pos = e.line === undefined ? sopsErrorPosition(text, format, e.path) : { line: e.line, col: e.col };
  const Failure = e instanceof NoKeyError ? NoKeyError : TalgenError;
  return new Failure(`SOPS decryption failed: ${e.message}`, { file: e.file, ...pos, path: e.path, hint: e.hint ?? SOPS_HINT, exitCode: e.exitCode });
}
