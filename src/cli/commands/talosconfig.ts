import { existsSync, realpathSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import type { CAC } from 'cac';
import { writeFileAtomic } from '../../core/atomic-write.js';
import { TalgenError, UsageError } from '../../core/errors.js';
import { readInputFile } from '../../core/read-input.js';
import { DEFAULT_ENV_FILES, DEFAULT_SECRET_FILES } from '../../talconfig/defaults.js';
import { parseLoadRestrictor } from '../../load/load-root.js';
import { ADMIN_ROLE, parseRoles } from '../../talosconfig/roles.js';
import { parseCrtTtl } from '../../talosconfig/ttl.js';
import { list, one } from '../args.js';
import { print, say, warn } from '../output.js';
import type { RegisterCommand } from '../command.js';

const S = { type: [String] };

/** talosctl's client config location: `$TALOSCONFIG`, else `~/.talos/config`. */
export function defaultTalosconfigPath(env: NodeJS.ProcessEnv = process.env): string {
  return env.TALOSCONFIG || join(env.HOME || homedir(), '.talos', 'config');
}

/** `talgen talosconfig`: a client config issued from the repo's secrets bundle (stdout, -o FILE, or merged). */
export const registerTalosconfig: RegisterCommand = (cli: CAC) => {
  cli
    .command('talosconfig', 'issue a talosctl client config (talosconfig) from the secrets bundle: roles, TTL, merge')
    .option('-c, --config-file <file>', 'talconfig file', { ...S, default: 'talconfig.yaml' })
    .option('-e, --env-file <file>', `env files relative to the working directory (default ${DEFAULT_ENV_FILES.join(',')})`, S)
    .option('-s, --secret-file <file>', `secrets bundle relative to the working directory (default ${DEFAULT_SECRET_FILES.join(',')})`, S)
    .option('-o, --output <file>', 'write to this file (mode 0600) instead of stdout; never overwritten without --force', S)
    .option('--force', 'with -o: overwrite an existing file')
    .option('--roles <roles>', `roles of the client certificate, comma-separated (default ${ADMIN_ROLE})`, S)
    .option('--crt-ttl <duration>', 'client certificate TTL, a Go duration', { ...S, default: '8760h' })
    .option('--context <name>', 'context name (default: the cluster name; <role>@<cluster> for one non-admin role)', S)
    .option('--endpoints <addresses>', 'endpoints, comma-separated (default: every control-plane address)', S)
    .option('--nodes <addresses>', 'nodes list, comma-separated (default: none, talosctl then targets the endpoints)', S)
    .option('--nodes-section', 'list every node address under nodes (talhelper genconfig does by default)')
    .option(
      '--merge [file]',
      'merge the context into a talosconfig (default $TALOSCONFIG or ~/.talos/config); a taken name gets -1, -2, …; the current context is kept',
    )
    .option('--load-restrictor <mode>', 'rootOnly (default) or none', S)
    .action(async (o: Record<string, unknown>) => {
      const output = one(o.output, 'output');
      const merge =
        o.merge === undefined || o.merge === false ? undefined : o.merge === true || o.merge === '' ? defaultTalosconfigPath() : one(o.merge, 'merge');
      if (output && merge) throw new UsageError('-o and --merge both say where the talosconfig goes', 'give one of them');
      const ttlHours = parseCrtTtl(one(o.crtTtl, 'crt-ttl') ?? '8760h');
      const outPath = output ? resolve(output) : undefined;
      if (outPath && existsSync(outPath) && !o.force)
        throw new TalgenError('output file already exists', { file: outPath, hint: 'pass --force to replace it, or --merge to add the context to it' });
      // Through a link (dotfiles often are) to the file itself, as talosctl writes through it.
      const mergePath = merge ? (existsSync(merge) ? realpathSync(merge) : resolve(merge)) : undefined;
      const { readClientConfig, mergeClientConfig } = await import('../../talosconfig/merge.js');
      // The merge target is read (and refused when it is not a talosconfig) before anything else is done.
      const target = mergePath ? readClientConfig(existsSync(mergePath) ? readInputFile(mergePath, 'talosconfig') : '', mergePath) : undefined;

      const { loadRepo } = await import('../../compile/load-repo.js');
      const { issueClientConfig } = await import('../../compile/client-config.js');
      const envFiles = list(o.envFile, true);
      const secretFiles = list(o.secretFile, true);
      const repo = await loadRepo({
        configFile: resolve(one(o.configFile, 'config-file') ?? 'talconfig.yaml'),
        envFiles: envFiles.length ? envFiles : DEFAULT_ENV_FILES,
        secretFiles: secretFiles.length ? secretFiles : DEFAULT_SECRET_FILES,
        strict: false,
        onWarning: warn,
        loadRestrictor: parseLoadRestrictor(one(o.loadRestrictor, 'load-restrictor')),
      });
      const roles = parseRoles(o.roles === undefined ? [ADMIN_ROLE] : list(o.roles, true), repo.cluster.talosVersion, warn);
      const { text, plan } = await issueClientConfig(repo, {
        roles,
        ttlHours,
        contextName: one(o.context, 'context'),
        endpoints: list(o.endpoints, true),
        nodes: list(o.nodes, true),
        nodesSection: o.nodesSection === true,
      });
      if (target && mergePath) {
        const merged = mergeClientConfig(target, readClientConfig(text, '<new talosconfig>'));
        writeFileAtomic(mergePath, merged.text, { mode: 0o600 });
        if (merged.renamedFrom) say(`renamed talosconfig context "${merged.renamedFrom}" -> "${merged.contextName}"`);
        say(`merged context "${merged.contextName}" (${plan.roles.join(', ')}) into ${mergePath}; current context: ${merged.currentContext}`);
      } else if (outPath) {
        writeFileAtomic(outPath, text, { mode: 0o600 });
        say(`wrote talosconfig context "${plan.contextName}" (${plan.roles.join(', ')}) to ${outPath}`);
      } else {
        print(text);
      }
    });
};
