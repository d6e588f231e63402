import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { CAC } from 'cac';
import { DEFAULT_ENV_FILES, DEFAULT_SECRET_FILES } from '../../talconfig/defaults.js';
import { TalgenError, UsageError } from '../../core/errors.js';
import { DEFAULT_TALOS_VERSION } from '../../core/contract-traits.js';
import { parseVersion } from '../../core/contract.js';
import type { ImageFactoryConfig, PathPart, Schematic, Where } from '../../factory/index.js';
import { list, one } from '../args.js';
import { print, warn } from '../output.js';
import { withSideroLinkKernelArg } from '../../plan/siderolink.js';
import { splitAddresses } from '../../plan/addresses.js';
import type { RegisterCommand } from '../command.js';

const S = { type: [String] };
const OFFICIAL = 'factory.talos.dev';

/** Positions in a file, except for errors that a flag (`--arch`, `--extension x`) caused: those have none. */
function unlessFlag(positions: Where['positions']): Where['positions'] {
  return (sub, key) => (String(sub[0]).startsWith('--') ? undefined : positions?.(sub, key));
}

/** What a URL is built from besides the schematic (talconfig `machineSpec` fields, or flags). */
interface Spec {
  mode?: string;
  arch?: string;
  secureboot?: boolean;
  useUKI?: boolean;
  bootMethod?: string;
  imageSuffix?: string;
}

function checkedVersion(text: string): { tag: string } {
  const v = parseVersion(text);
  if (!v) throw new UsageError(`"${text}" is not a Talos version`, 'use a version like v1.13.9');
  return v;
}

/** `-v 1.13.9` → `v1.13.9` where it overrides a talconfig's talosVersion (which talhelper normalises the same way). */
function talosTag(text: string): string {
  return checkedVersion(text).tag;
}

/** Flags mode: talhelper puts `-v` into the URL template as written (`1.5.4` stays `1.5.4`); talgen checks it. */
function versionAsWritten(text: string): string {
  checkedVersion(text);
  return text;
}

/** The schematic of flags mode: `--customization-file` (with positions for its errors) plus `-e` / `-k`. */
async function flagSchematic(o: Record<string, unknown>): Promise<{ schematic: Schematic; where: Where; fileExtensions: number }> {
  const { parseSchematic } = await import('../../factory/index.js');
  const { loadYamlFile } = await import('../../load/yaml.js');
  const file = one(o.customizationFile, 'customization-file');
  let schematic: Schematic = {};
  let where: Where = { path: undefined };
  if (file) {
    const loaded = loadYamlFile(resolve(file), 'customization file');
    where = { file: loaded.file, positions: (sub, key) => loaded.positionOf(sub, key) };
    schematic = parseSchematic(loaded.value, where);
  }
  const fileExtensions = schematic.customization?.systemExtensions?.officialExtensions?.length ?? 0;
  const exts = list(o.extension, true);
  const args = list(o.kernelArg);
  if (exts.length || args.length) {
    const c = (schematic.customization ??= {});
    if (exts.length) c.systemExtensions = { officialExtensions: [...(c.systemExtensions?.officialExtensions ?? []), ...exts] };
    if (args.length) c.extraKernelArgs = [...(c.extraKernelArgs ?? []), ...args];
  }
  return { schematic, where, fileExtensions };
}

/** `talgen genurl installer|image` with talhelper's flags. IDs are computed offline; nothing is fetched. */
export const registerGenurl: RegisterCommand = (cli: CAC) => {
  cli
    .command('genurl <kind>', 'Image Factory URL: "installer" or "image" (per talconfig node, or from flags / --customization-file)')
    .option('-c, --config-file <file>', 'talconfig file (default: talconfig.yaml)', S)
    .option('--env-file <file>', `env files relative to the working directory (default: ${DEFAULT_ENV_FILES.join(', ')})`, S)
    .option(
      '--load-restrictor <mode>',
      'rootOnly (default): read files only inside the repository (git top-level, else the talconfig directory); none: anywhere',
      S,
    )
    .option('-n, --node <node>', 'only this node (hostname or IP)', S)
    .option('-r, --registry-url <url>', 'factory registry (default: the talconfig imageFactory.registryURL, else factory.talos.dev)', S)
    .option('-v, --version <version>', `Talos version (default: the talconfig talosVersion, else ${DEFAULT_TALOS_VERSION})`, S)
    .option('-e, --extension <name>', 'official extension, e.g. siderolabs/iscsi-tools (repeatable; flags mode)', S)
    .option('-k, --kernel-arg <arg>', 'extra kernel argument (repeatable; flags mode)', S)
    .option('--secure-boot', 'SecureBoot installer/image')
    .option('-m, --talos-mode <mode>', 'platform: metal, nocloud, aws, gcp, hcloud, … (default metal)', S)
    .option('--customization-file <file>', 'schematic YAML (used instead of the talconfig)', S)
    .option('--offline-mode', 'accepted for talhelper compatibility; talgen always computes IDs offline')
    .option('-a, --arch <arch>', 'image: amd64 or arm64 (default amd64; arm64 for SBC overlays)', S)
    .option('--boot-method <method>', 'image: iso, disk-image or pxe (default iso; disk-image for SBC overlays)', S)
    .option('--suffix <suffix>', 'image: disk image format, e.g. raw.xz, qcow2 (default per platform: metal raw.zst)', S)
    .option('--use-uki', 'image: the UKI (.efi) instead of an ISO, with --secure-boot')
    .action(async (kind: string, o: Record<string, unknown>) => {
      if (kind !== 'installer' && kind !== 'image') throw new UsageError(`unknown genurl kind "${kind}"`, 'use "genurl installer" or "genurl image"');
      const { checkExtensions, imageUrl, installerImage, parseSchematic, whereInDoc } = await import('../../factory/index.js');
      const registryFlag = one(o.registryUrl, 'registry-url');
      const versionFlag = one(o.version, 'version');
      const configFlag = one(o.configFile, 'config-file');
      const configFile = resolve(configFlag ?? 'talconfig.yaml');
      const flagSpec: Spec = {
        mode: one(o.talosMode, 'talos-mode'),
        arch: one(o.arch, 'arch'),
        secureboot: o.secureBoot === true ? true : undefined,
        useUKI: o.useUki === true ? true : undefined,
        bootMethod: one(o.bootMethod, 'boot-method'),
        imageSuffix: one(o.suffix, 'suffix'),
      };
      // Flag errors name the flag.
      const FLAG: Record<string, string> = {
        arch: '--arch',
        bootMethod: '--boot-method',
        suffix: '--suffix',
        secureboot: '--secure-boot',
        mode: '--talos-mode',
      };
      const url = (s: Schematic, version: string, spec: Spec, factory: ImageFactoryConfig, where: Where): string =>
        kind === 'installer'
          ? installerImage({ schematic: s, talosVersion: version, mode: spec.mode, secureboot: spec.secureboot, factory, where })
          : imageUrl({
              schematic: s,
              talosVersion: version,
              mode: spec.mode,
              arch: spec.arch,
              secureboot: spec.secureboot,
              useUKI: spec.useUKI,
              bootMethod: spec.bootMethod,
              suffix: spec.imageSuffix,
              factory,
              where,
            });

      const useFlags = one(o.customizationFile, 'customization-file') !== undefined || !existsSync(configFile);
      if (useFlags) {
        if (configFlag !== undefined && !existsSync(configFile) && one(o.customizationFile, 'customization-file') === undefined) {
          throw new TalgenError(`talconfig not found (looked at ${configFile})`, { hint: 'drop -c to build the URL from flags alone' });
        }
        const { schematic, where, fileExtensions } = await flagSchematic(o);
        const version = versionAsWritten(versionFlag ?? DEFAULT_TALOS_VERSION);
        const registryURL = registryFlag ?? OFFICIAL;
        if (registryURL === OFFICIAL) {
          // Extensions from -e are not in the file: their errors name the flag, not a file position.
          const extWhere: Where = {
            file: undefined,
            positions: unlessFlag(where.positions),
            map: (sub) =>
              sub[2] === 'officialExtensions' && typeof sub[3] === 'number' && sub[3] >= fileExtensions
                ? [`--extension ${schematic.customization!.systemExtensions!.officialExtensions![sub[3]]}`]
                : sub,
          };
          for (const w of checkExtensions(schematic, version, extWhere).warnings) warn(w);
        }
        const flagWhere: Where = {
          file: undefined,
          positions: unlessFlag(where.positions),
          map: (sub) => (FLAG[String(sub[0])] ? [FLAG[String(sub[0])]!] : sub),
        };
        print(`${url(schematic, version, flagSpec, { registryURL }, flagWhere)}\n`);
        return;
      }

      for (const name of ['extension', 'kernelArg'] as const) {
        if (list(o[name]).length)
          warn(
            `--${name === 'extension' ? 'extension' : 'kernel-arg'} is ignored: the nodes' schematics come from ${configFile} (use --customization-file to build from flags)`,
          );
      }
      const { loadRepo } = await import('../../compile/load-repo.js');
      const { parseLoadRestrictor } = await import('../../load/load-root.js');
      const envFiles = list(o.envFile, true);
      const repo = await loadRepo({
        configFile,
        envFiles: envFiles.length ? envFiles : DEFAULT_ENV_FILES,
        secretFiles: DEFAULT_SECRET_FILES,
        strict: false,
        onWarning: warn,
        loadRestrictor: parseLoadRestrictor(one(o.loadRestrictor, 'load-restrictor')),
      });
      const doc = repo.talconfig.doc;
      const version = versionFlag !== undefined ? talosTag(versionFlag) : repo.cluster.talosVersion;
      const imageFactory = (repo.cluster.imageFactory ?? {}) as ImageFactoryConfig;
      const factory: ImageFactoryConfig = { ...imageFactory, registryURL: registryFlag ?? imageFactory.registryURL ?? OFFICIAL };
      const want = one(o.node, 'node');
      const nodes = repo.nodes.filter((n) => !want || n.hostname === want || splitAddresses(n.ipAddress).includes(want));
      if (!nodes.length) {
        throw new TalgenError(`node with IP or hostname "${want}" not found`, {
          file: configFile,
          hint: `nodes: ${repo.nodes.map((n) => n.hostname).join(', ')}`,
        });
      }
      const lines = nodes.map((n) => {
        // A node field set on the node itself, else inherited from its group: the path in the file (from the plan).
        const fieldPath = (field: string): PathPart[] => n.from[field]?.field ?? ['nodes', n.index, field];
        const nodeWhere: Where = {
          positions: unlessFlag((sub, key) => doc.positionOf(sub, key)),
          map: (sub) => {
            const head = String(sub[0]);
            if (flagSpec[head === 'suffix' ? 'imageSuffix' : (head as keyof Spec)] !== undefined && FLAG[head]) return [FLAG[head]!];
            if (head === 'talosImageURL') return fieldPath('talosImageURL');
            if (head === 'installerURLTmpl' || head === 'ISOURLTmpl') return ['imageFactory', head];
            if (head in FLAG || head === 'useUKI') return [...fieldPath('machineSpec'), head === 'suffix' ? 'imageSuffix' : head];
            return sub;
          },
        };
        const given = Object.fromEntries(Object.entries(flagSpec).filter(([, v]) => v !== undefined));
        const spec: Spec = { ...(n.machineSpec ?? {}), ...given };
        if (kind === 'installer' && n.talosImageURL) {
          return { host: n.hostname, url: installerImage({ talosVersion: version, talosImageURL: n.talosImageURL, where: nodeWhere }) };
        }
        let s = (n.schematic ?? {}) as Schematic;
        if (kind === 'image' && n.imageSchematic) {
          const w = whereInDoc(doc, fieldPath('imageSchematic'));
          s = parseSchematic(n.imageSchematic, w);
          if (factory.registryURL === OFFICIAL && !n.noSchematicValidate) for (const m of checkExtensions(s, version, w).warnings) warn(m);
        }
        if (kind === 'image') s = withSideroLinkKernelArg(s, n, warn);
        return { host: n.hostname, url: url(s, version, spec, factory, nodeWhere) };
      });
      if (lines.length === 1) print(`${lines[0]!.url}\n`);
      else for (const l of lines) print(`${l.host}: ${l.url}\n`);
    });
};
