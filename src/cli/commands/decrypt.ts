import { resolve } from 'node:path';
import type { CAC } from 'cac';
import { writeFileAtomic } from '../../core/atomic-write.js';
import { one } from '../args.js';
import { printSecrets, say } from '../output.js';
import type { RegisterCommand } from '../command.js';
import { inputType, readInput } from './encrypt.js';

const S = { type: [String] };

/** `talgen decrypt FILE [-o out]`: the MAC-verified plaintext of a SOPS file, for checking keys. */
export const registerDecrypt: RegisterCommand = (cli: CAC) => {
  cli
    .command('decrypt <file>', 'print the plaintext of a SOPS file (MAC verified); for debugging keys')
    .option('-o, --output <file>', 'write to this file (atomically, mode 0600) instead of stdout', S)
    .option('--input-type <format>', 'yaml, json, dotenv, ini or binary (default: from the file name)', S)
    .action(async (file: string, o: Record<string, unknown>) => {
      const { decryptFile, formatOf } = await import('../../sops/index.js');
      const path = resolve(file);
      const out = await decryptFile(readInput(path), path, { format: inputType(o.inputType) ?? formatOf(path) });
      const target = one(o.output, 'output');
      if (target) {
        writeFileAtomic(resolve(target), out, { mode: 0o600 });
        say(`wrote ${resolve(target)}`);
        return;
      }
      printSecrets(out, 'decrypted secrets');
    });
};
