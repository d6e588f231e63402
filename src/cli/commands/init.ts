import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { CAC } from 'cac';
import { writeFileAtomic } from '../../core/atomic-write.js';
import { DEFAULT_TALOS_VERSION, RELEASES } from '../../core/contract-traits.js';
import { TalgenError, UsageError } from '../../core/errors.js';
import { list, one } from '../args.js';
import { say } from '../output.js';
import type { RegisterCommand } from '../command.js';

const S = { type: [String] };
const TEMPLATE = new URL('../../../../templates/talconfig.yaml.hbs', import.meta.url);

/** `talgen init`: a starter talconfig.yaml from templates/talconfig.yaml.hbs (never overwrites without --force). */
export const registerInit: RegisterCommand = (cli: CAC) => {
  cli
    .command('init', 'write a starter talconfig.yaml')
    .option('--cluster-name <name>', 'cluster name', { ...S, default: 'my-cluster' })
    .option('--endpoint <url>', 'control plane endpoint', S)
    .option('--node <host=ip[:controlplane]>', 'a node (repeatable), e.g. cp1=10.0.0.11:controlplane', S)
    .option('--install-disk <disk>', 'install disk of every node', { ...S, default: '/dev/sda' })
    .option('--san <name>', 'extra certificate SAN (repeatable)', S)
    .option('-o, --output <dir>', 'directory', { ...S, default: '.' })
    .option('--force', 'overwrite an existing talconfig.yaml')
    .action(async (o: Record<string, unknown>) => {
      const { default: Handlebars } = await import('handlebars');
      const nodes = list(o.node).map((spec) => {
        const m = /^([A-Za-z0-9][A-Za-z0-9.-]*)=([^:]+)(?::(controlplane|worker))?$/.exec(spec);
        if (!m) throw new UsageError(`invalid --node "${spec}"`, 'use hostname=ip or hostname=ip:controlplane');
        return { hostname: m[1], ipAddress: m[2], controlPlane: m[3] === 'controlplane' };
      });
      if (!nodes.length) throw new UsageError('init needs at least one --node', 'e.g. --node cp1=10.0.0.11:controlplane --node w1=10.0.0.21');
      const firstCP = nodes.find((n) => n.controlPlane) ?? nodes[0]!;
      const talosVersion = DEFAULT_TALOS_VERSION;
      const minor = talosVersion.split('.').slice(0, 2).join('.');
      const out = join(resolve(one(o.output, 'output') ?? '.'), 'talconfig.yaml');
      if (existsSync(out) && !o.force) throw new TalgenError(`${out} already exists`, { hint: 'use --force to overwrite it' });
      const render = Handlebars.compile(readFileSync(TEMPLATE, 'utf8'), { noEscape: true, strict: true });
      const text = render({
        clusterName: one(o.clusterName, 'cluster-name') ?? 'my-cluster',
        talosVersion,
        kubernetesVersion: `v${RELEASES[minor]!.kubernetes}`,
        endpoint: one(o.endpoint, 'endpoint') ?? `https://${firstCP.ipAddress}:6443`,
        sans: list(o.san),
        installDisk: one(o.installDisk, 'install-disk') ?? '/dev/sda',
        nodes,
      });
      writeFileAtomic(out, text, { mode: 0o644 });
      const { editorSchema } = await import('../../talconfig/editor-schema.js');
      writeFileAtomic(join(resolve(one(o.output, 'output') ?? '.'), 'talconfig.schema.json'), `${JSON.stringify(editorSchema(), null, 2)}\n`, { mode: 0o644 });
      say(`wrote ${out}; next: talgen gensecret -o talsecret.yaml && talgen genconfig`);
    });
};
