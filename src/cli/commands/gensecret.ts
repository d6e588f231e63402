import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { CAC } from 'cac';
import { writeFileAtomic } from '../../core/atomic-write.js';
import { parseContract } from '../../core/contract.js';
import { DEFAULT_CONTRACT } from '../../core/contract-traits.js';
import { TalgenError } from '../../core/errors.js';
import { list, one } from '../args.js';
import { print, printSecrets, say } from '../output.js';
import type { RegisterCommand } from '../command.js';

const S = { type: [String] };

/** `talgen gensecret`: a new Talos secrets bundle (stdout like talhelper, or -o FILE written 0600, never overwritten without --force). */
export const registerGensecret: RegisterCommand = (cli: CAC) => {
  cli
    .command('gensecret', 'generate a Talos secrets bundle (talsecret.yaml)')
    .option('-o, --output <file>', 'write to this file (mode 0600) instead of stdout', S)
    .option('--talos-version <version>', 'Talos version contract, e.g. v1.13 (default: newest released)', S)
    .option('-f, --from-controlplane-config, --from-configfile <file>', 'extract the bundle from an existing control plane machine config', S)
    .option('--force', 'overwrite an existing output file')
    .option('--encrypt', 'SOPS-encrypt the bundle (age recipients from --age or the nearest .sops.yaml)')
    .option('--age <recipients>', 'with --encrypt: age recipients (comma-separated)', S)
    .action(async (o: Record<string, unknown>) => {
      const { encodeSecretsBundle, generateSecretsBundle, secretsFromControlPlaneConfig } = await import('../../secrets/index.js');
      const { encryptText } = await import('../../sops/index.js');
      const cwd = process.cwd();
      // cac sets every spelling for -f but only the typed one for a long name (--from-configfile is talhelper's).
      const from = one(o.fromControlplaneConfig ?? o.fromConfigfile, 'from-controlplane-config');
      const output = one(o.output, 'output');
      const outPath = output ? resolve(cwd, output) : undefined;
      if (outPath && existsSync(outPath) && !o.force) {
        throw new TalgenError(`${outPath} already exists; refusing to overwrite a secrets file`, {
          hint: 'a new bundle means a new cluster identity; pass --force if that is really what you want',
        });
      }
      let text: string;
      if (from) {
        const file = resolve(cwd, from);
        if (!existsSync(file)) throw new TalgenError('machine config not found', { file });
        text = encodeSecretsBundle(secretsFromControlPlaneConfig(readFileSync(file, 'utf8'), file));
      } else {
        const v = one(o.talosVersion, 'talos-version');
        text = encodeSecretsBundle(generateSecretsBundle(v ? parseContract(v, { path: '--talos-version' }) : DEFAULT_CONTRACT));
      }
      if (o.encrypt) {
        text = await encryptText(text, outPath ?? resolve(cwd, 'talsecret.sops.yaml'), { recipients: list(o.age, true), format: 'yaml' });
      }
      if (outPath) {
        writeFileAtomic(outPath, text, { mode: 0o600 });
        say(`wrote secrets bundle to ${outPath}`);
      } else if (o.encrypt) {
        print(text);
      } else {
        printSecrets(text, 'a plaintext secrets bundle', '-o FILE writes it with mode 0600, --encrypt SOPS-encrypts it');
      }
    });
};
