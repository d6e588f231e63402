import { readFileSync } from 'node:fs';
import { TalgenError } from '../core/errors.js';
import { decryptText, formatOf, hasSopsMetadata, type SopsFormat } from './decrypt.js';
import type { KeySource } from './keys.js';

export { decryptText, hasSopsMetadata, formatOf, type SopsFormat } from './decrypt.js';
export { discoverKeys, type KeySource } from './keys.js';
export { encryptText, findCreationRule, type CreationRule } from './encrypt.js';

/** Read a file, decrypting it when it carries sops metadata — whatever its name. */
export async function readMaybeEncrypted(path: string, opts: { format?: SopsFormat; keys?: KeySource } = {}): Promise<{ text: string; encrypted: boolean }> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    throw new TalgenError('file not found', { file: path });
  }
  const format = opts.format ?? formatOf(path);
  // Files of unknown extension may still be YAML with sops metadata (talhelper reads them as YAML).
  const effective = format === 'binary' && !hasSopsMetadata(text, 'binary') ? 'yaml' : format;
  if (!hasSopsMetadata(text, effective)) return { text, encrypted: false };
  return { text: await decryptText(text, path, { ...opts, format: effective }), encrypted: true };
}
