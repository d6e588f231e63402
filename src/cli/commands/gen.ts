import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { CAC } from 'cac';
import { writeFilesAtomic } from '../../core/atomic-write.js';
import { TalgenError, UsageError } from '../../core/errors.js';
import { flag, list, one } from '../args.js';
import { say, warn } from '../output.js';
import type { RegisterCommand } from '../command.js';

const S = { type: [String] };

/** `talgen gen config NAME ENDPOINT …` — drop-in for `talosctl gen config --with-docs=false --with-examples=false`. */
export const registerGen: RegisterCommand = (cli: CAC) => {
  cli
    .command('gen <what> [name] [endpoint]', 'talosctl-compatible generator: "gen config NAME https://ENDPOINT:6443"')
    .option('--with-secrets <file>', 'secrets bundle to use (default: generate a new one)', S)
    .option('--talos-version <version>', 'Talos version contract, e.g. v1.13 (default: newest released)', S)
    .option('--kubernetes-version <version>', 'Kubernetes version (default: the release default)', S)
    .option('--install-disk <disk>', 'install disk', { ...S, default: '/dev/sda' })
    .option('--install-image <image>', 'installer image (default: ghcr.io/siderolabs/installer:<tag>, factory URL from v1.14)', S)
    .option('--additional-sans <sans>', 'extra certificate SANs (comma-separated, repeatable)', S)
    .option('--dns-domain <domain>', 'Kubernetes DNS domain', { ...S, default: 'cluster.local' })
    .option('--config-patch <patch>', 'patch for all machine types (@file or inline, repeatable)', S)
    .option('--config-patch-control-plane <patch>', 'patch for control plane configs (repeatable)', S)
    .option('--config-patch-worker <patch>', 'patch for worker configs (repeatable)', S)
    .option('--registry-mirror <host=url>', 'registry mirror (repeatable)', S)
    .option('--with-kubespan', 'enable KubeSpan')
    .option('--with-cluster-discovery [bool]', 'enable cluster discovery (default true)')
    .option('--with-docs [bool]', 'accepted for compatibility; talgen writes configs without docs')
    .option('--with-examples [bool]', 'accepted for compatibility; talgen writes configs without examples')
    .option('--output-types <types>', 'which files to write, comma-separated', { ...S, default: 'controlplane,worker,talosconfig' })
    .option('-o, --output <dir>', 'output directory', { ...S, default: '.' })
    .option('--force', 'overwrite existing files')
    .action(async (what: string, name: string | undefined, endpoint: string | undefined, o: Record<string, unknown>) => {
      const { talosctlGenConfig } = await import('../../compile/talosctl-gen.js');
      if (what !== 'config') throw new UsageError(`unknown generator "gen ${what}"`, 'talgen gen config NAME ENDPOINT');
      if (!name || !endpoint) throw new UsageError('gen config needs a cluster name and an endpoint', 'talgen gen config mycluster https://10.5.0.2:6443');
      for (const k of ['withDocs', 'withExamples'] as const) {
        if (flag(o[k], k, false)) warn(`--${k === 'withDocs' ? 'with-docs' : 'with-examples'} is ignored: talgen writes configs without comments`);
      }
      const cwd = process.cwd();
      const outDir = resolve(cwd, one(o.output, 'output') ?? '.');
      const files = talosctlGenConfig({
        clusterName: name,
        endpoint,
        withSecrets: one(o.withSecrets, 'with-secrets'),
        talosVersion: one(o.talosVersion, 'talos-version'),
        kubernetesVersion: one(o.kubernetesVersion, 'kubernetes-version'),
        installDisk: one(o.installDisk, 'install-disk') ?? '/dev/sda',
        installImage: one(o.installImage, 'install-image'),
        additionalSANs: list(o.additionalSans, true),
        dnsDomain: one(o.dnsDomain, 'dns-domain') ?? 'cluster.local',
        configPatch: list(o.configPatch),
        configPatchControlPlane: list(o.configPatchControlPlane),
        configPatchWorker: list(o.configPatchWorker),
        registryMirrors: list(o.registryMirror),
        withKubespan: flag(o.withKubespan, 'with-kubespan', false),
        withClusterDiscovery: flag(o.withClusterDiscovery, 'with-cluster-discovery', true),
        outputTypes: list(o.outputTypes, true),
        outDir,
        cwd,
        onWarning: warn,
      });
      if (!o.force) {
        for (const f of files) {
          if (existsSync(f.path)) throw new TalgenError(`${f.path} already exists`, { hint: 'use --force to overwrite' });
        }
      }
      writeFilesAtomic(files);
      for (const f of files) say(`Created ${f.path}`);
    });
};
