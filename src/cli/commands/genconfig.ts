import { resolve } from 'node:path';
import { existsSync, statSync } from 'node:fs';
import type { CAC, Command } from 'cac';
import { DEFAULT_ENV_FILES, DEFAULT_SECRET_FILES } from '../../talconfig/defaults.js';
import { writeFilesAtomicAsync } from '../../core/atomic-write.js';
import { TalgenError, UsageError } from '../../core/errors.js';
import { parseLoadRestrictor } from '../../load/load-root.js';
import { parseCrtTtl } from '../../talosconfig/ttl.js';
import { list, one, talosMode } from '../args.js';
import { print, warn } from '../output.js';
import type { RegisterCommand } from '../command.js';
import { EXIT_CHANGES, EXIT_NO_CHANGES, formatChanges, hasChanges, parseDiffOutput, useColor } from '../diff-report.js';
import type { LoadedRepo, RenderedFile } from '../../compile/talhelper-genconfig.js';

const S = { type: [String] };

/** The output directory is a directory when it exists (it is created 0700 when it does not). */
function checkOutDir(outDir: string): void {
  if (existsSync(outDir) && !statSync(outDir).isDirectory()) {
    throw new TalgenError('the output directory is not a directory', { file: outDir, hint: 'pass -o with a directory (or a path that does not exist yet)' });
  }
}

/** The flags `genconfig` and `diff` share: talhelper's genconfig inputs and output options. */
export function renderFlags(cmd: Command): Command {
  return cmd
    .option('-c, --config-file <file>', 'talconfig file', { ...S, default: 'talconfig.yaml' })
    .option('-e, --env-file <file>', `env files relative to the working directory, each existing one in order (default ${DEFAULT_ENV_FILES.join(',')})`, S)
    .option(
      '-s, --secret-file <file>',
      `secrets bundle relative to the working directory; the last existing one wins (default ${DEFAULT_SECRET_FILES.join(',')})`,
      S,
    )
    .option('-o, --out-dir <dir>', 'output directory', { ...S, default: './clusterconfig' })
    .option('-m, --talos-mode <mode>', 'validate for metal, cloud or container', { ...S, default: 'metal' })
    .option('--offline-mode', 'accepted for talhelper compatibility; talgen never needs the network')
    .option('--no-gitignore', 'do not create/update .gitignore in the output directory')
    .option('--disable-nodes-section', 'leave the talosconfig nodes list empty')
    .option('--crt-ttl <duration>', 'talosconfig client certificate TTL', { ...S, default: '8760h' })
    .option('--format <format>', 'output encoding: talhelper (2-space indent) or talos (4-space, as talosctl writes)', { ...S, default: 'talhelper' })
    .option('--strict', 'unknown talconfig keys are errors, not warnings')
    .option(
      '--load-restrictor <mode>',
      'rootOnly (default): read files only inside the repository (git top-level, else the talconfig directory); none: anywhere',
      S,
    )
    .option('--redacted', 'node configs only (no talosconfig, no .gitignore), each secret value a stable placeholder: safe to commit (e.g. -o rendered/)');
}

/** The flags of a diff (`genconfig --dry-run`, `diff`). */
export function diffFlags(cmd: Command): Command {
  return cmd
    .option('--show-secrets', 'do not redact secret values in the diff')
    .option('--color <when>', 'colour the diff: auto (on a terminal, unless NO_COLOR is set), always, never', S)
    .option('--output <format>', 'text (unified diff per file and document) or json (for bots)', S);
}

interface Rendered {
  configFile: string;
  outDir: string;
  repo: LoadedRepo;
  /** What genconfig writes (node configs, talosconfig, .gitignore), or with --redacted the redacted node configs. */
  files: RenderedFile[];
  messages: string[];
}

/** Load and render the repo as the flags say; nothing is written. */
async function renderFromFlags(o: Record<string, unknown>, dryRun: boolean): Promise<Rendered> {
  const { genconfig } = await import('../../compile/talhelper-genconfig.js');
  const { loadRepo } = await import('../../compile/load-repo.js');
  const mode = talosMode(o.talosMode);
  const format = one(o.format, 'format') ?? 'talhelper';
  if (format !== 'talhelper' && format !== 'talos') throw new UsageError(`unknown format "${format}"`, 'use talhelper or talos');
  const configFile = resolve(one(o.configFile, 'config-file') ?? 'talconfig.yaml');
  const envFiles = list(o.envFile, true);
  const secretFiles = list(o.secretFile, true);
  const outDir = resolve(one(o.outDir, 'out-dir') ?? './clusterconfig');
  checkOutDir(outDir);
  for (const f of secretFiles) {
    if (!existsSync(resolve(f)))
      throw new TalgenError('secrets file given with -s not found', { file: resolve(f), hint: `check the path; it is relative to ${process.cwd()}` });
  }
  const repo = await loadRepo({
    configFile,
    envFiles: envFiles.length ? envFiles : DEFAULT_ENV_FILES,
    secretFiles: secretFiles.length ? secretFiles : DEFAULT_SECRET_FILES,
    strict: o.strict === true,
    onWarning: warn,
    loadRestrictor: parseLoadRestrictor(one(o.loadRestrictor, 'load-restrictor')),
  });
  const redaction = o.redacted === true ? await import('../../compile/redacted-render.js') : undefined;
  // Refused before the render, which without a secrets file would first generate a bundle (seconds for RSA-4096).
  redaction?.requireSecretsFile(repo.secretFile);
  const result = await genconfig(repo, {
    configFile,
    outDir,
    mode,
    // A redacted render replaces nothing that holds a cluster identity.
    dryRun: dryRun || redaction !== undefined,
    noGitignore: o.gitignore === false,
    disableNodesSection: o.disableNodesSection === true,
    crtTTLHours: parseCrtTtl(one(o.crtTtl, 'crt-ttl') ?? '8760h'),
    format,
    force: o.force === true,
    onWarning: warn,
  });
  if (!redaction) return { configFile, outDir, repo, files: result.files, messages: result.messages };
  const files = redaction.redactedRender(result, repo.secretValues, outDir);
  if (!dryRun)
    for (const f of redaction.leftoverRenders(outDir, files)) warn(`${f} is not rendered from this talconfig any more; delete it from the redacted render`);
  return { configFile, outDir, repo, files, messages: files.map((f) => `generated redacted config for ${f.hostname} in ${f.path}`) };
}

/** Compare the render with the output directory and print the changes; the exit code says whether there are any. */
export async function showDiff(o: Record<string, unknown>): Promise<number> {
  const output = parseDiffOutput(one(o.output, 'output'));
  const color = useColor(one(o.color, 'color'));
  const r = await renderFromFlags(o, true);
  const { compareOutputs, repositoryRoot } = await import('../../compile/compare-outputs.js');
  const { renderComparison } = await import('../../compile/redacted-render.js');
  const expected = o.redacted === true ? renderComparison(r.files, r.outDir) : r.files.filter((f) => f.role !== 'gitignore');
  const changes = await compareOutputs(expected, {
    displayRoot: repositoryRoot(r.configFile),
    secretValues: r.repo.secretValues,
    showSecrets: o.showSecrets === true,
    fingerprintPem: true,
    onWarning: warn,
  });
  print(formatChanges(changes, output, color));
  return hasChanges(changes) ? EXIT_CHANGES : EXIT_NO_CHANGES;
}

/** Options that mean something only with --dry-run (cac's key → the flag). */
const DRY_RUN_FLAGS = { exitCode: '--exit-code', showSecrets: '--show-secrets', color: '--color', output: '--output' } as const;

/** `talgen genconfig`: talhelper's main command, same flags and defaults. */
export const registerGenconfig: RegisterCommand = (cli: CAC) => {
  const cmd = cli.command('genconfig', 'render every node of a talconfig.yaml into Talos machine configs + talosconfig');
  diffFlags(renderFlags(cmd))
    .option('-n, --dry-run', 'show a diff against the existing files instead of writing (secrets redacted)')
    .option('--exit-code', `with --dry-run: exit ${EXIT_CHANGES} when something would change, ${EXIT_NO_CHANGES} when nothing would (1 stays "error")`)
    .option('--force', 'without a secrets file, replace existing outputs anyway (they get a new cluster identity)')
    .action(async (o: Record<string, unknown>) => {
      const dryRun = o.dryRun === true;
      for (const [key, flag] of Object.entries(DRY_RUN_FLAGS)) {
        if (!dryRun && o[key] !== undefined) throw new UsageError(`${flag} is an option of the dry run`, 'add --dry-run, or use talgen diff');
      }
      if (dryRun) {
        const code = await showDiff(o);
        return o.exitCode === true ? code : 0;
      }
      const r = await renderFromFlags(o, false);
      await writeFilesAtomicAsync(r.files);
      for (const m of r.messages) print(`${m}\n`);
      return 0;
    });
};
