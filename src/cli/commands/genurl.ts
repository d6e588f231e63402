import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { CAC } from 'cac';
import { DEFAULT_ENV_FILES, DEFAULT_SECRET_FILES } from '../../compile/defaults.js';
import { parse } from 'yaml';
import { TalgenError, UsageError } from '../../core/errors.js';
import { DEFAULT_TALOS_VERSION } from '../../core/contract-traits.js';
import { type Schematic } from '../../factory/index.js';
import { list, one } from '../args.js';
import { print, warn } from '../output.js';
import type { RegisterCommand } from '../command.js';

const S = { type: [String] };

async function flagSchematic(o: Record<string, unknown>): Promise<Schematic> {
  const { parseSchematic } = await import('../../factory/index.js');
  let base: Record<string, any> = {};
  const file = one(o.customizationFile, 'customization-file');
  if (file) {
    const p = resolve(file);
    if (!existsSync(p)) throw new TalgenError('customization file not found', { file: p });
    base = (parse(readFileSync(p, 'utf8')) ?? {}) as Record<string, any>;
  }
  const exts = list(o.extension, true);
  const args = list(o.kernelArg);
  if (exts.length || args.length) {
    base.customization ??= {};
    if (exts.length) base.customization.systemExtensions = { officialExtensions: [...(base.customization.systemExtensions?.officialExtensions ?? []), ...exts] };
    if (args.length) base.customization.extraKernelArgs = [...(base.customization.extraKernelArgs ?? []), ...args];
  }
  return parseSchematic(base, file ? 'customization file' : '');
}

/** `talgen genurl installer|image` (talhelper flags) and `talgen schematic id [FILE|-]`. Offline: IDs are computed. */
export const registerGenurl: RegisterCommand = (cli: CAC) => {
  cli
    .command('genurl <kind>', 'Image Factory URL: "installer" or "image" (from talconfig nodes, or from flags)')
    .option('-c, --config-file <file>', 'talconfig file', { ...S, default: 'talconfig.yaml' })
    .option('--env-file <file>', 'env files', S)
    .option('-n, --node <node>', 'only this node (hostname or IP)', S)
    .option('-r, --registry-url <url>', 'factory registry', { ...S, default: 'factory.talos.dev' })
    .option('-v, --version <version>', 'Talos version (flags mode)', { ...S, default: DEFAULT_TALOS_VERSION })
    .option('-e, --extension <name>', 'official extension (repeatable)', S)
    .option('-k, --kernel-arg <arg>', 'extra kernel argument (repeatable)', S)
    .option('--secure-boot', 'SecureBoot installer/image')
    .option('-m, --talos-mode <mode>', 'platform (metal, nocloud, aws, …; default metal)', S)
    .option('--customization-file <file>', 'schematic YAML')
    .option('--offline-mode', 'accepted for compatibility; talgen is always offline')
    .option('-a, --arch <arch>', 'image: amd64 or arm64 (default amd64)', S)
    .option('--boot-method <method>', 'image: iso, disk-image or pxe (default iso)', S)
    .option('--suffix <suffix>', 'image: file suffix, e.g. raw.xz', S)
    .option('--use-uki', 'image: UKI (with --secure-boot)')
    .action(async (kind: string, o: Record<string, unknown>) => {
      const { imageUrl, installerImage, parseSchematic } = await import('../../factory/index.js');
      const { loadRepo } = await import('../../compile/load-repo.js');
      if (kind !== 'installer' && kind !== 'image') throw new UsageError(`unknown genurl kind "${kind}"`, 'use "genurl installer" or "genurl image"');
      const registryURL = one(o.registryUrl, 'registry-url') ?? 'factory.talos.dev';
      const configFile = resolve(one(o.configFile, 'config-file') ?? 'talconfig.yaml');
      const fromFlags = one(o.customizationFile, 'customization-file') !== undefined || !existsSync(configFile);
      const url = (s: Schematic, v: string, spec: Record<string, any>, factory?: Record<string, any>) =>
        kind === 'installer'
          ? installerImage({ schematic: s, talosVersion: v, mode: spec.mode, secureboot: spec.secureboot, factory: factory as never })
          : imageUrl({
              schematic: s,
              talosVersion: v,
              mode: spec.mode,
              arch: spec.arch,
              secureboot: spec.secureboot,
              useUKI: spec.useUKI,
              bootMethod: spec.bootMethod,
              suffix: spec.imageSuffix,
              factory: factory as never,
            });
      const flagSpec = {
        mode: one(o.talosMode, 'talos-mode'),
        secureboot: o.secureBoot === true,
        arch: one(o.arch, 'arch'),
        useUKI: o.useUki === true,
        bootMethod: one(o.bootMethod, 'boot-method'),
        imageSuffix: one(o.suffix, 'suffix'),
      };
      if (fromFlags) {
        print(`${url(await flagSchematic(o), one(o.version, 'version') ?? DEFAULT_TALOS_VERSION, flagSpec, { registryURL })}\n`);
        return;
      }
      const envFiles = list(o.envFile, true);
      const repo = await loadRepo({ configFile, envFiles: envFiles.length ? envFiles : DEFAULT_ENV_FILES, secretFiles: DEFAULT_SECRET_FILES, strict: false, onWarning: warn });
      const want = one(o.node, 'node');
      const nodes = repo.nodes.filter((n) => !want || n.hostname === want || n.ipAddress.split(',').map((s) => s.trim()).includes(want));
      if (!nodes.length) throw new TalgenError(`node with IP or hostname ${want} not found`, { file: configFile });
      const lines = nodes.map((n) => {
        const given = Object.fromEntries(Object.entries(flagSpec).filter(([, v]) => v !== undefined && v !== false));
        const spec = { ...n.machineSpec, ...given };
        if (kind === 'installer' && n.talosImageURL) return { host: n.hostname, url: `${n.talosImageURL}:${repo.cluster.talosVersion}` };
        const rawImageSchematic = (repo.doc.value as any).nodes?.[n.index]?.imageSchematic;
        const s = kind === 'image' && rawImageSchematic ? parseSchematic(rawImageSchematic, `nodes[${n.index}].imageSchematic`) : ((n.schematic ?? {}) as Schematic);
        return { host: n.hostname, url: url(s, repo.cluster.talosVersion, spec, { ...repo.cluster.imageFactory, registryURL: (repo.cluster.imageFactory?.registryURL as string) ?? registryURL }) };
      });
      if (lines.length === 1) print(`${lines[0]!.url}\n`);
      else for (const l of lines) print(`${l.host}: ${l.url}\n`);
    });
  cli.command('schematic <action> [file]', '"schematic id [FILE|-]": the Image Factory ID of a schematic, computed offline').action(async (action: string, file: string | undefined) => {
    const { parseSchematic, schematicId } = await import('../../factory/index.js');
    if (action !== 'id') throw new UsageError(`unknown schematic action "${action}"`, 'use "schematic id [FILE|-]"');
    const text = !file || file === '-' ? readFileSync(0, 'utf8') : readFileSync(resolve(file), 'utf8');
    let value: unknown;
    try {
      value = parse(text);
    } catch (e) {
      throw new TalgenError(`not YAML: ${(e as Error).message.split('\n')[0]}`, { file });
    }
    print(`${schematicId(parseSchematic(value))}\n`);
  });
};
