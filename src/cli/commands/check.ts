import type { CAC } from 'cac';
import { talosMode } from '../args.js';
import { print } from '../output.js';
import type { RegisterCommand } from '../command.js';

/** `talgen check [path…]`: the all-in-one gate for pre-commit and CI (exit 1 on any error finding). */
export const registerCheck: RegisterCommand = (cli: CAC) => {
  cli
    .command(
      'check [...paths]',
      'check every cluster (talconfig) under the directories (default .): talconfig, full render and Talos validation in memory, secret files encrypted, outputs git-ignored',
    )
    .option('-m, --talos-mode <mode>', 'validate rendered configs for metal, cloud or container', { type: [String], default: 'metal' })
    .option('--strict', 'unknown talconfig keys are errors, not warnings')
    .option('--encrypted-only', 'only check that the secret files among the paths (files, or directories searched) are SOPS-encrypted')
    .action(async (paths: string[], o: Record<string, unknown>) => {
      const { checkEncrypted, runChecks } = await import('../../check/run.js');
      const mode = talosMode(o.talosMode);
      const where = paths.length ? paths : ['.'];
      const report = o.encryptedOnly === true ? checkEncrypted(where) : await runChecks(where, { mode, strict: o.strict === true });
      for (const l of report.lines) {
        if (l.stream === 'findings') process.stderr.write(`${l.text}\n`);
        else print(`${l.text}\n`);
      }
      print(`${report.summary}\n`);
      return report.errors ? 1 : 0;
    });
};
