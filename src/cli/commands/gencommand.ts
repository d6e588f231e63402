import { resolve } from 'node:path';
import type { CAC } from 'cac';
import { UsageError } from '../../core/errors.js';
import { issueText } from '../../core/issue.js';
import { DEFAULT_ENV_FILES } from '../../talconfig/defaults.js';
import { flag, list, one } from '../args.js';
import { print, warn } from '../output.js';
import type { RegisterCommand } from '../command.js';

const S = { type: [String] };

/** The talgen flags that belong to one subcommand only (see GencommandRow.flags), as cac names them. */
const OWN_FLAGS = { insecure: '--insecure', offlineMode: '--offline-mode', all: '--all', reboot: '--reboot', graceful: '--no-graceful' } as const;

function portBase(text: string): number {
  if (!/^\d+$/.test(text)) throw new UsageError(`--local-port-base "${text}" is not a port number`, 'e.g. --local-port-base 50001');
  return Number(text);
}

/** `talgen gencommand <command>`: talhelper's talosctl command lines (or a JSON plan), optionally through an SSH bastion. */
export const registerGencommand: RegisterCommand = (cli: CAC) => {
  cli
    .command('gencommand <command>', "talosctl commands for the nodes: apply, bootstrap, upgrade, upgrade-k8s, kubeconfig, reset or health (talhelper's lines)")
    .option('-c, --config-file <file>', 'talconfig file (default: talconfig.yaml)', S)
    .option('-e, --env-file <file>', `env files relative to the working directory (default: ${DEFAULT_ENV_FILES.join(', ')})`, S)
    .option('-o, --out-dir <dir>', 'directory of the generated configs, printed as given (default: ./clusterconfig)', S)
    .option('-n, --node <node>', 'only this node (hostname or IP)', S)
    .option('--extra-flags <flags>', 'flags added to every talosctl line (repeatable, comma-separated)', S)
    .option('--insecure', 'apply: first contact with a node in maintenance mode (talosctl apply-config --insecure)')
    .option('--all', 'reset: every node (without it reset needs -n)')
    .option('--reboot', 'reset: reboot instead of powering off (--reboot=true)')
    .option('--no-graceful', 'reset: do not leave etcd first (--graceful=false)')
    .option('--offline-mode', 'upgrade: accepted for talhelper compatibility; talgen always computes schematic IDs offline')
    .option('--ssh-bastion <[user@]host[:port]>', 'reach the nodes through this SSH bastion (default: the talconfig access.sshBastion)', S)
    .option('--direct', 'ignore the talconfig access.sshBastion: lines for nodes that are reachable directly')
    .option('--local-port-base <port>', 'first local tunnel port; the k-th node address gets base + k - 1 (default: access.localPortBase, else 50001)', S)
    .option('--output <format>', "text (default: talhelper's lines) or json (the plan: node, role, endpoint, argv)", S)
    .option('--template-dir <dir>', "render the lines from DIR/<command>.hbs (and DIR/ssh-tunnel.hbs) instead of talgen's templates", S)
    .option(
      '--load-restrictor <mode>',
      'rootOnly (default): read files only inside the repository (git top-level, else the talconfig directory); none: anywhere',
      S,
    )
    .action(async (command: string, o: Record<string, unknown>) => {
      const { GENCOMMANDS, GENCOMMAND_TABLE } = await import('../../gencommand/commands.js');
      if (!(GENCOMMANDS as readonly string[]).includes(command))
        throw new UsageError(`unknown gencommand "${command}"`, `use one of ${GENCOMMANDS.join(', ')}`);
      const row = GENCOMMAND_TABLE[command as (typeof GENCOMMANDS)[number]];
      const given = {
        insecure: o.insecure === true,
        offlineMode: o.offlineMode === true,
        all: o.all === true,
        reboot: o.reboot === true,
        graceful: o.graceful === false,
      };
      for (const [name, set] of Object.entries(given) as [keyof typeof OWN_FLAGS, boolean][]) {
        if (set && !row.flags.includes(name))
          throw new UsageError(
            `${OWN_FLAGS[name]} is not a flag of gencommand ${command}`,
            `it belongs to gencommand ${GENCOMMANDS.filter((c) => GENCOMMAND_TABLE[c].flags.includes(name)).join(', ')}`,
          );
      }
      const output = one(o.output, 'output') ?? 'text';
      if (output !== 'text' && output !== 'json') throw new UsageError(`--output "${output}" is not a format`, 'use --output text or --output json');
      const bastionFlag = one(o.sshBastion, 'ssh-bastion');
      const direct = flag(o.direct, 'direct', false);
      if (direct && bastionFlag !== undefined) throw new UsageError('--direct and --ssh-bastion exclude each other');

      const { loadTalconfig } = await import('../../talconfig/load.js');
      const { assertValid } = await import('../../talconfig/validate.js');
      const { planCluster } = await import('../../plan/cluster.js');
      const { existingInsideRoot, loadRootFor, parseLoadRestrictor } = await import('../../load/load-root.js');
      const { checkLocalPortBase, DEFAULT_LOCAL_PORT_BASE, parseBastion } = await import('../../plan/access.js');
      const { splitAddresses } = await import('../../plan/addresses.js');
      const configFile = resolve(one(o.configFile, 'config-file') ?? 'talconfig.yaml');
      const envFlag = list(o.envFile, true);
      const envFiles = envFlag.length ? envFlag : DEFAULT_ENV_FILES;
      existingInsideRoot(
        loadRootFor(configFile, parseLoadRestrictor(one(o.loadRestrictor, 'load-restrictor'))),
        envFiles,
        process.cwd(),
        '--env-file',
        'env file',
      );
      // Like talhelper: env files and substitution, validation and the group merge; no secrets file is read.
      const loaded = await loadTalconfig({ configFile, envFiles, strict: false });
      for (const w of assertValid(loaded.issues)) warn(issueText(w));
      const plan = planCluster(loaded, warn);

      const access = plan.cluster.access;
      const bastion = bastionFlag !== undefined ? parseBastion(bastionFlag, { path: '--ssh-bastion' }) : direct ? undefined : access?.sshBastion;
      const baseFlag = one(o.localPortBase, 'local-port-base');
      if (baseFlag !== undefined && !bastion)
        throw new UsageError('--local-port-base needs an SSH bastion', 'pass --ssh-bastion, or set access.sshBastion in the talconfig');
      const localPortBase = baseFlag !== undefined ? portBase(baseFlag) : (access?.localPortBase ?? DEFAULT_LOCAL_PORT_BASE);
      if (baseFlag !== undefined)
        checkLocalPortBase(localPortBase, plan.nodes.flatMap((n) => splitAddresses(n.ipAddress)).length, { path: '--local-port-base' });

      const { planCommands, planJson } = await import('../../gencommand/plan.js');
      const planned = planCommands(plan, {
        command: command as (typeof GENCOMMANDS)[number],
        configFile,
        outDir: one(o.outDir, 'out-dir') ?? './clusterconfig',
        node: one(o.node, 'node'),
        extraFlags: list(o.extraFlags, true),
        insecure: given.insecure,
        graceful: !given.graceful,
        reboot: given.reboot,
        all: given.all,
        bastion,
        localPortBase,
      });
      if (bastion) {
        const { tunnelSanIssues } = await import('../../gencommand/san-check.js');
        const targets = new Set(planned.lines.map((l) => l.node));
        for (const i of tunnelSanIssues(
          plan.cluster,
          plan.nodes.filter((n) => targets.has(n.hostname)),
        ))
          warn(issueText(i));
      }
      if (output === 'json') {
        print(`${JSON.stringify(planJson(planned), null, 2)}\n`);
        return;
      }
      const { renderPlan } = await import('../../gencommand/render.js');
      print(await renderPlan(planned, one(o.templateDir, 'template-dir')));
    });
};
