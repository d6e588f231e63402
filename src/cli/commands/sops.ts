import { readFileSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import type { CAC } from 'cac';
import { writeFileAtomic } from '../../core/atomic-write.js';
import { TalgenError } from '../../core/errors.js';
import { type SopsFormat } from '../../sops/index.js';
import { list, one } from '../args.js';
import { print, say, warn } from '../output.js';
import type { RegisterCommand } from '../command.js';

const S = { type: [String] };

function read(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    throw new TalgenError('file not found', { file });
  }
}

/** `talgen encrypt FILE [-i] [--age R]` and `talgen decrypt FILE [-o out]`: SOPS files with age keys. */
export const registerSops: RegisterCommand = (cli: CAC) => {
  cli
    .command('encrypt <file>', 'SOPS-encrypt a YAML/JSON/dotenv file for age recipients (.sops.yaml creation_rules apply)')
    .option('-i, --in-place', 'replace the file (atomically, keeping its mode)')
    .option('--age <recipients>', 'age recipients (comma-separated); default: the nearest .sops.yaml rule', S)
    .option('--input-type <format>', 'yaml, json or dotenv (default: from the file name)', S)
    .action(async (file: string, o: Record<string, unknown>) => {
      const { encryptText, formatOf } = await import('../../sops/index.js');
      const path = resolve(file);
      const format = one(o.inputType, 'input-type') as SopsFormat | undefined;
      const out = await encryptText(read(path), path, { recipients: list(o.age, true), format: format ?? formatOf(path) });
      if (o.inPlace) {
        writeFileAtomic(path, out, { mode: statSync(path).mode & 0o777 });
        say(`encrypted ${path}`);
      } else print(out);
    });
  cli
    .command('decrypt <file>', 'print the plaintext of a SOPS file (MAC verified); for debugging keys')
    .option('-o, --output <file>', 'write to a file (mode 0600) instead of stdout', S)
    .option('--input-type <format>', 'yaml, json or dotenv (default: from the file name)', S)
    .action(async (file: string, o: Record<string, unknown>) => {
      const { decryptText, formatOf } = await import('../../sops/index.js');
      const path = resolve(file);
      const format = one(o.inputType, 'input-type') as SopsFormat | undefined;
      const out = await decryptText(read(path), path, { format: format ?? formatOf(path) });
      const target = one(o.output, 'output');
      if (target) {
        writeFileAtomic(resolve(target), out, { mode: 0o600 });
        say(`wrote ${resolve(target)}`);
        return;
      }
      if (process.stdout.isTTY) warn('printing decrypted secrets to a terminal');
      print(out);
    });
};
