import { plainStruct, renderGoTemplate } from '../template/index.js';
import { schematicId, type Schematic } from './schematic.js';
import { checkTalosImageURL } from './image-ref.js';
import { ARCHES, BOOT_METHODS } from './machine-spec.js';
import { errorAt, toWhere, type PathPart, type Where } from './where.js';

/** talconfig `imageFactory` block (self-hosted factories and URL templates; talhelper's keys). */
export interface ImageFactoryConfig {
  registryURL?: string;
  schematicEndpoint?: string;
  protocol?: string;
  installerURLTmpl?: string;
  /** talhelper's YAML key for the image URL template is `ISOURLTmpl`. */
  ISOURLTmpl?: string;
}

export const DEFAULT_REGISTRY = 'factory.talos.dev';
export const DEFAULT_PXE_HOST = 'pxe.factory.talos.dev';
export const DEFAULT_INSTALLER_TMPL = '{{.RegistryURL}}/{{.Mode}}-installer{{if .Secureboot}}-secureboot{{end}}/{{.ID}}:{{.Version}}';
export const DEFAULT_IMAGE_TMPL =
  '{{.Protocol}}://{{.RegistryURL}}/image/{{.ID}}/{{.Version}}/{{.Mode}}-{{.Arch}}{{if .Secureboot}}-secureboot{{end}}{{if and .Secureboot .UseUKI}}-uki.efi{{else}}{{.Suffix}}{{end}}';

/**
 * Disk image format per Talos platform when none is asked for (Talos `pkg/machinery/platforms`); other platforms
 * and metal get `raw.zst`. talhelper used `.raw.zxt` (a typo) or `.iso` here, which the factory cannot serve.
 */
const PLATFORM_DISK_FORMAT: Readonly<Record<string, string>> = {
  metal: 'raw.zst',
  aws: 'raw.xz',
  nocloud: 'raw.xz',
  openstack: 'raw.xz',
  hcloud: 'raw.xz',
  upcloud: 'raw.xz',
  gcp: 'raw.tar.gz',
  azure: 'vhd.xz',
  'digital-ocean': 'raw.gz',
  akamai: 'raw.gz',
  cloudstack: 'raw.gz',
  vmware: 'ova',
  oracle: 'qcow2',
  exoscale: 'qcow2',
  alibabacloud: 'qcow2',
  opennebula: 'raw.zst',
  scaleway: 'raw.zst',
};
/** Disk images of SBC overlays are xz-compressed raw images (`metal-arm64.raw.xz`). */
const SBC_DISK_FORMAT = 'raw.xz';

/** Disk image suffixes the factory builds: a base format plus an optional compression or archive. */
const DISK_SUFFIX = /^(raw|qcow2|vhd|ova)(\.(xz|gz|zst|tar|tar\.gz))?$/;

export function diskImageFormat(mode: string): string {
  return PLATFORM_DISK_FORMAT[mode] ?? 'raw.zst';
}

/** talhelper's URL templates: Go text/template with sprig over the struct `goType` (fields in declaration order). */
function render(tmpl: string, goType: string, data: Record<string, string | boolean>, w: Where, sub: PathPart[]): string {
  try {
    return renderGoTemplate(tmpl, plainStruct(goType, data), '');
  } catch (e) {
    // Template errors come without a place: point them at the template setting.
    if (e instanceof Error && e.name === 'TalgenError' && !(e as { file?: string }).file) {
      throw errorAt(w, sub, e.message, { hint: (e as { hint?: string }).hint });
    }
    throw e;
  }
}

export interface InstallerOptions {
  schematic?: Schematic;
  talosVersion: string;
  talosImageURL?: string;
  mode?: string;
  secureboot?: boolean;
  factory?: ImageFactoryConfig;
  /**
   * Locates errors; sub-paths are option names (`talosImageURL`, `installerURLTmpl`), which a caller maps to its
   * own fields (e.g. `nodes[2].talosImageURL`, `imageFactory.installerURLTmpl`).
   */
  where?: string | Where;
}

/** Installer image for a node: `talosImageURL:<version>` wins; else the factory URL of the (possibly empty) schematic. */
export function installerImage(o: InstallerOptions): string {
  const w = toWhere(o.where ?? 'installer');
  if (o.talosImageURL) {
    checkTalosImageURL(o.talosImageURL, { ...w, map: (sub) => (w.map ? w.map(['talosImageURL', ...sub]) : ['talosImageURL', ...sub]) });
    return `${o.talosImageURL}:${o.talosVersion}`;
  }
  return render(
    o.factory?.installerURLTmpl || DEFAULT_INSTALLER_TMPL,
    'talos.installerTmpl',
    {
      RegistryURL: o.factory?.registryURL || DEFAULT_REGISTRY,
      ID: schematicId(o.schematic ?? {}),
      Version: o.talosVersion,
      Mode: o.mode || 'metal',
      Secureboot: o.secureboot ?? false,
    },
    w,
    ['installerURLTmpl'],
  );
}

export interface ImageOptions {
  schematic?: Schematic;
  talosVersion: string;
  mode?: string;
  /** amd64 (default; arm64 for a schematic with an SBC overlay) or arm64. */
  arch?: string;
  secureboot?: boolean;
  useUKI?: boolean;
  /** iso (default; disk-image for a schematic with an SBC overlay), disk-image or pxe. */
  bootMethod?: string;
  /** Disk image format such as `raw.xz` or `qcow2` (leading dot optional); default per platform. */
  suffix?: string;
  factory?: ImageFactoryConfig;
  /** Locates errors; sub-paths are option names: `arch`, `bootMethod`, `suffix`, `ISOURLTmpl`. */
  where?: string | Where;
}

/** Boot image URL (ISO, disk image, PXE script) with talhelper's template variables. */
export function imageUrl(o: ImageOptions): string {
  const w = toWhere(o.where ?? 'image');
  const sbc = Boolean(o.schematic?.overlay?.name || o.schematic?.overlay?.image);
  const arch = o.arch || (sbc ? 'arm64' : 'amd64');
  const bootMethod = o.bootMethod || (sbc ? 'disk-image' : 'iso');
  const mode = o.mode || 'metal';
  if (!ARCHES.includes(arch)) throw errorAt(w, ['arch'], `unknown arch "${arch}"`, { hint: `use ${ARCHES.join(' or ')}` });
  if (!BOOT_METHODS.includes(bootMethod)) {
    throw errorAt(w, ['bootMethod'], `unknown boot method "${bootMethod}"`, { hint: `use ${BOOT_METHODS.join(', ')}` });
  }
  if (sbc) {
    if (arch !== 'arm64')
      throw errorAt(w, ['arch'], `an SBC overlay (${o.schematic!.overlay!.name ?? o.schematic!.overlay!.image}) boots arm64 images, not ${arch}`, {
        hint: 'use arch arm64',
      });
    if (bootMethod !== 'disk-image')
      throw errorAt(w, ['bootMethod'], `an SBC overlay boots from a disk image, not ${bootMethod}`, { hint: 'use boot method disk-image' });
    if (o.secureboot) throw errorAt(w, ['secureboot'], 'the factory builds no SecureBoot images for SBC overlays');
  }
  let suffix = (o.suffix ?? '').replace(/^\./, '');
  if (suffix) {
    const ok = bootMethod === 'iso' ? suffix === 'iso' : bootMethod === 'disk-image' ? DISK_SUFFIX.test(suffix) : false;
    if (!ok) {
      const hint =
        bootMethod === 'iso'
          ? 'an ISO has suffix iso (or leave it out)'
          : bootMethod === 'pxe'
            ? 'PXE URLs have no suffix; leave it out'
            : 'use raw, qcow2, vhd or ova, optionally compressed: raw.zst, raw.xz, raw.gz, raw.tar.gz, vhd.xz, …';
      throw errorAt(w, ['suffix'], `image suffix "${suffix}" does not fit boot method ${bootMethod}`, { hint });
    }
  } else {
    suffix = bootMethod === 'iso' ? 'iso' : bootMethod === 'disk-image' ? (sbc ? SBC_DISK_FORMAT : diskImageFormat(mode)) : '';
  }
  const registry = o.factory?.registryURL || DEFAULT_REGISTRY;
  const protocol = o.factory?.protocol || 'https';
  const id = schematicId(o.schematic ?? {});
  if (bootMethod === 'pxe' && !o.factory?.ISOURLTmpl) {
    const host = registry === DEFAULT_REGISTRY ? DEFAULT_PXE_HOST : registry;
    return `${protocol}://${host}/pxe/${id}/${o.talosVersion}/${mode}-${arch}${o.secureboot ? '-secureboot' : ''}`;
  }
  return render(
    o.factory?.ISOURLTmpl || DEFAULT_IMAGE_TMPL,
    'talos.imageTmpl',
    {
      BootMethod: bootMethod,
      Suffix: suffix ? `.${suffix}` : '',
      Protocol: protocol,
      RegistryURL: registry,
      ID: id,
      Version: o.talosVersion,
      Mode: mode,
      Arch: arch,
      Secureboot: o.secureboot ?? false,
      UseUKI: o.useUKI ?? false,
    },
    w,
    ['ISOURLTmpl'],
  );
}
