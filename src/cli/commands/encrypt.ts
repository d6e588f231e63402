import { readFileSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import type { CAC } from 'cac';
import { writeFileAtomic } from '../../core/atomic-write.js';
import { TalgenError, UsageError } from '../../core/errors.js';
import { list, one } from '../args.js';
import { print, say } from '../output.js';
import type { RegisterCommand } from '../command.js';

const S = { type: [String] };
const FORMATS = ['yaml', 'json', 'dotenv', 'ini', 'binary'];

/** `--input-type` check shared by encrypt and decrypt. */
export function inputType(v: unknown): 'yaml' | 'json' | 'dotenv' | 'ini' | 'binary' | undefined {
  const t = one(v, 'input-type');
  if (t !== undefined && !FORMATS.includes(t)) throw new UsageError(`--input-type must be one of ${FORMATS.join(', ')}`);
  return t as 'yaml' | 'json' | 'dotenv' | 'ini' | 'binary' | undefined;
}

export function readInput(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    throw new TalgenError('cannot read the file', { file: path });
  }
}

/** `talgen encrypt FILE [-i] [--age R,…]`: SOPS-encrypt for age/ssh recipients; stdout, or in place (atomic, mode kept). */
export const registerEncrypt: RegisterCommand = (cli: CAC) => {
  cli
    .command('encrypt <file>', 'SOPS-encrypt a YAML/JSON/dotenv/INI/binary file for age recipients (.sops.yaml creation_rules apply)')
    .option('-i, --in-place', 'replace the file (atomically, keeping its mode) instead of printing')
    .option('--age <recipients>', 'age recipients, comma-separated (age1…, age1pq1…, ssh-ed25519 …); default: the nearest .sops.yaml rule', S)
    .option('--input-type <format>', 'yaml, json, dotenv, ini or binary (default: from the file name)', S)
    .action(async (file: string, o: Record<string, unknown>) => {
      const { encryptText } = await import('../../sops/index.js');
      const path = resolve(file);
      const text = readInput(path);
      const out = await encryptText(text, path, { recipients: list(o.age, true), format: inputType(o.inputType) });
      if (o.inPlace) {
        writeFileAtomic(path, out, { mode: statSync(path).mode & 0o7777 });
        say(`encrypted ${path}`);
      } else print(out);
    });
};
