import { resolve } from 'node:path';
import type { CAC } from 'cac';
import { DEFAULT_ENV_FILES } from '../../talconfig/defaults.js';
import { TalgenError, UsageError } from '../../core/errors.js';
import { formatIssue } from '../../core/issue.js';
import { MODES, type Mode } from '../../validate/issues.js';
import { list, one } from '../args.js';
import { print } from '../output.js';
import type { CommandEntry, RegisterCommand } from '../command.js';

const S = { type: [String] };

/** `talgen validate talconfig [file]` and `talgen validate nodeconfig FILE…` (pre-commit friendly). */
export const registerValidate: RegisterCommand = (cli: CAC) => {
  cli
    .command('validate <what> [...files]', 'validate "talconfig [file]" (after env substitution and group merge) or "nodeconfig FILE…" (rendered configs)')
    .option('-e, --env-file <file>', `talconfig: env files relative to the working directory (default ${DEFAULT_ENV_FILES.join(',')})`, S)
    .option('-m, --mode <mode>', 'nodeconfig: metal, cloud or container', { ...S, default: 'metal' })
    .option('--strict', 'unknown keys (talconfig) and warnings are errors')
    .option(
      '--load-restrictor <mode>',
      'rootOnly (default): read files only inside the repository (git top-level, else the talconfig directory); none: anywhere',
      S,
    )
    .option('--no-substitute', 'talconfig: do not substitute environment variables')
    .action(async (what: string, files: string[], o: Record<string, unknown>) => {
      if (what === 'talconfig') {
        if (files.length > 1) throw new UsageError('validate talconfig takes one file');
        const { talconfigIssues } = await import('../../compile/talconfig-issues.js');
        const configFile = resolve(files[0] ?? 'talconfig.yaml');
        const envFiles = list(o.envFile, true);
        const { existingInsideRoot, loadRootFor, parseLoadRestrictor } = await import('../../load/load-root.js');
        const root = loadRootFor(configFile, parseLoadRestrictor(one(o.loadRestrictor, 'load-restrictor')));
        existingInsideRoot(root, envFiles.length ? envFiles : DEFAULT_ENV_FILES, process.cwd(), '--env-file', 'env file');
        const { issues, loaded } = await talconfigIssues({
          configFile,
          envFiles: envFiles.length ? envFiles : DEFAULT_ENV_FILES,
          strict: o.strict === true,
          substitute: o.substitute !== false,
        });
        const errors = issues.filter((f) => f.severity === 'error');
        const warnings = issues.length - errors.length;
        for (const f of issues) process.stderr.write(`${formatIssue(f)}\n`);
        if (errors.length)
          throw new TalgenError(`${errors.length} error(s)${warnings ? `, ${warnings} warning(s)` : ''}`, { file: configFile, hint: 'fix the lines above' });
        print(`${configFile}: ok (${loaded.nodes.length} nodes${warnings ? `, ${warnings} warning(s)` : ''})\n`);
        return 0;
      }
      if (what === 'nodeconfig') {
        const { validateNodeConfigFile } = await import('../../validate/nodeconfig.js');
        if (!files.length) throw new UsageError('validate nodeconfig needs at least one file');
        const mode = one(o.mode, 'mode') ?? 'metal';
        if (!MODES.includes(mode as Mode)) throw new UsageError(`unknown mode "${mode}"`, `use ${MODES.join(', ')}`);
        let failed = 0;
        for (const f of files) {
          const issues = validateNodeConfigFile(resolve(f), mode as Mode, o.strict === true);
          const errors = issues.filter((i) => i.severity === 'error');
          for (const i of issues) process.stderr.write(`${formatIssue(i)}\n`);
          if (errors.length) failed++;
          else print(`${f} is valid for ${mode} mode\n`);
        }
        if (failed) throw new TalgenError(`${failed} of ${files.length} config(s) are invalid`);
        return 0;
      }
      throw new UsageError(`unknown validate target "${what}"`, 'use "validate talconfig [file]" or "validate nodeconfig FILE…"');
    });
};

/** The registry entry of `talgen validate`, also the whole table of the bin's validate bundle (src/cli/validate-main.ts). */
export const validateCommand: CommandEntry = { name: 'validate', register: registerValidate };
