import { resolve } from 'node:path';
import { existsSync, statSync } from 'node:fs';
import type { CAC } from 'cac';
import { DEFAULT_ENV_FILES, DEFAULT_SECRET_FILES } from '../../talconfig/defaults.js';
import { writeFilesAtomicAsync } from '../../core/atomic-write.js';
import { TalgenError, UsageError } from '../../core/errors.js';
import { MODES, type Mode } from '../../validate/issues.js';
import { parseLoadRestrictor } from '../../load/load-root.js';
import { parseCrtTtl } from '../../talosconfig/ttl.js';
import { list, one } from '../args.js';
import { print, warn } from '../output.js';
import type { RegisterCommand } from '../command.js';

const S = { type: [String] };

/** The output directory is a directory when it exists (it is created 0700 when it does not). */
function checkOutDir(outDir: string): void {
  if (existsSync(outDir) && !statSync(outDir).isDirectory()) {
    throw new TalgenError('the output directory is not a directory', { file: outDir, hint: 'pass -o with a directory (or a path that does not exist yet)' });
  }
}

/** `talgen genconfig`: talhelper's main command, same flags and defaults. */
export const registerGenconfig: RegisterCommand = (cli: CAC) => {
  cli
    .command('genconfig', 'render every node of a talconfig.yaml into Talos machine configs + talosconfig')
    .option('-c, --config-file <file>', 'talconfig file', { ...S, default: 'talconfig.yaml' })
    .option('-e, --env-file <file>', `env files relative to the working directory, each existing one in order (default ${DEFAULT_ENV_FILES.join(',')})`, S)
    .option('-s, --secret-file <file>', `secrets bundle relative to the working directory; the last existing one wins (default ${DEFAULT_SECRET_FILES.join(',')})`, S)
    .option('-o, --out-dir <dir>', 'output directory', { ...S, default: './clusterconfig' })
    .option('-m, --talos-mode <mode>', 'validate for metal, cloud or container', { ...S, default: 'metal' })
    .option('-n, --dry-run', 'show a diff against the existing files instead of writing (secrets redacted)')
    .option('--show-secrets', 'with --dry-run: do not redact secret values in the diff')
    .option('--offline-mode', 'accepted for talhelper compatibility; talgen never needs the network')
    .option('--no-gitignore', 'do not create/update .gitignore in the output directory')
    .option('--disable-nodes-section', 'leave the talosconfig nodes list empty')
    .option('--crt-ttl <duration>', 'talosconfig client certificate TTL', { ...S, default: '8760h' })
    .option('--format <format>', 'output encoding: talhelper (2-space indent) or talos (4-space, as talosctl writes)', { ...S, default: 'talhelper' })
    .option('--strict', 'unknown talconfig keys are errors, not warnings')
    .option('--load-restrictor <mode>', 'rootOnly (default): read files only inside the repository (git top-level, else the talconfig directory); none: anywhere', S)
    .option('--force', 'without a secrets file, replace existing outputs anyway (they get a new cluster identity)')
    .action(async (o: Record<string, unknown>) => {
      const { genconfig } = await import('../../compile/talhelper-genconfig.js');
      const { loadRepo } = await import('../../compile/load-repo.js');
      const mode = one(o.talosMode, 'talos-mode') ?? 'metal';
      if (!MODES.includes(mode as Mode)) throw new UsageError(`unknown talos mode "${mode}"`, `use ${MODES.join(', ')}`);
      const format = one(o.format, 'format') ?? 'talhelper';
      if (format !== 'talhelper' && format !== 'talos') throw new UsageError(`unknown format "${format}"`, 'use talhelper or talos');
      const configFile = resolve(one(o.configFile, 'config-file') ?? 'talconfig.yaml');
      const envFiles = list(o.envFile, true);
      const secretFiles = list(o.secretFile, true);
      const outDir = resolve(one(o.outDir, 'out-dir') ?? './clusterconfig');
      checkOutDir(outDir);
      for (const f of secretFiles) {
        if (!existsSync(resolve(f))) throw new TalgenError('secrets file given with -s not found', { file: resolve(f), hint: `check the path; it is relative to ${process.cwd()}` });
      }
      const repo = await loadRepo({
        configFile,
        envFiles: envFiles.length ? envFiles : DEFAULT_ENV_FILES,
        secretFiles: secretFiles.length ? secretFiles : DEFAULT_SECRET_FILES,
        strict: o.strict === true,
        onWarning: warn,
        loadRestrictor: parseLoadRestrictor(one(o.loadRestrictor, 'load-restrictor')),
      });
      const result = await genconfig(repo, {
        configFile,
        outDir,
        mode: mode as Mode,
        dryRun: o.dryRun === true,
        noGitignore: o.gitignore === false,
        disableNodesSection: o.disableNodesSection === true,
        crtTTLHours: parseCrtTtl(one(o.crtTtl, 'crt-ttl') ?? '8760h'),
        format,
        showSecrets: o.showSecrets === true,
        force: o.force === true,
        onWarning: warn,
      });
      if (result.files.length) await writeFilesAtomicAsync(result.files);
      for (const m of result.messages) print(`${m}\n`);
    });
};
