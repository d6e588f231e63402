import { TalgenError } from '../core/errors.js';
import { renderGoTemplate } from '../core/gotemplate.js';
import { schematicId, type Schematic } from './schematic.js';

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
export const DEFAULT_INSTALLER_TMPL = '{{.RegistryURL}}/{{.Mode}}-installer{{if .Secureboot}}-secureboot{{end}}/{{.ID}}:{{.Version}}';
export const DEFAULT_IMAGE_TMPL =
  '{{.Protocol}}://{{.RegistryURL}}/image/{{.ID}}/{{.Version}}/{{.Mode}}-{{.Arch}}{{if .Secureboot}}-secureboot{{end}}{{if and .Secureboot .UseUKI}}-uki.efi{{else}}{{.Suffix}}{{end}}';

export const ARCHES = ['amd64', 'arm64'];
export const BOOT_METHODS = ['iso', 'disk-image', 'pxe'];
/** Allowed image suffixes per boot method (talhelper's list, with the `.raw.zst` default fixed). */
export const SUFFIXES: Record<string, string[]> = {
  iso: ['iso'],
  'disk-image': ['raw.zst', 'raw.xz', 'raw.tar.gz', 'vhd.xz', 'raw.gz', 'ova', 'qcow2', 'raw'],
  pxe: [''],
};

function render(tmpl: string, data: Record<string, unknown>, where: string): string {
  return renderGoTemplate(
    tmpl,
    (path) => {
      if (path.length !== 1 || !(path[0]! in data)) {
        throw new TalgenError(`URL template field .${path.join('.')} does not exist`, { path: where, hint: `available: ${Object.keys(data).map((k) => `.${k}`).join(', ')}` });
      }
      return data[path[0]!];
    },
    where,
  );
}

/** `talosImageURL` must be an image name without tag or digest (the Talos version is appended). */
export function checkTalosImageURL(url: string, where: string): void {
  const lastSlash = url.lastIndexOf('/');
  if (url.includes('@') || url.slice(lastSlash + 1).includes(':')) {
    throw new TalgenError(`talosImageURL "${url}" must not contain a tag or digest`, { path: where, hint: 'talgen appends ":<talosVersion>" itself, e.g. factory.talos.dev/installer/<id>' });
  }
}

export interface InstallerOptions {
  schematic?: Schematic;
  talosVersion: string;
  talosImageURL?: string;
  mode?: string;
  secureboot?: boolean;
  factory?: ImageFactoryConfig;
  where?: string;
}

/** Installer image for a node: `talosImageURL:<version>` wins; else the factory URL of the (possibly empty) schematic. */
export function installerImage(o: InstallerOptions): string {
  const where = o.where ?? 'installer';
  if (o.talosImageURL) {
    checkTalosImageURL(o.talosImageURL, where);
    return `${o.talosImageURL}:${o.talosVersion}`;
  }
  return render(o.factory?.installerURLTmpl || DEFAULT_INSTALLER_TMPL, {
    RegistryURL: o.factory?.registryURL || DEFAULT_REGISTRY,
    ID: schematicId(o.schematic ?? {}),
    Version: o.talosVersion,
    Mode: o.mode || 'metal',
    Secureboot: o.secureboot ?? false,
  }, where);
}

export interface ImageOptions {
  schematic?: Schematic;
  talosVersion: string;
  mode?: string;
  arch?: string;
  secureboot?: boolean;
  useUKI?: boolean;
  bootMethod?: string;
  suffix?: string;
  factory?: ImageFactoryConfig;
  where?: string;
}

/** Boot image URL (ISO, disk image, PXE) with talhelper's template variables. */
export function imageUrl(o: ImageOptions): string {
  const where = o.where ?? 'image';
  const arch = o.arch || 'amd64';
  const bootMethod = o.bootMethod || 'iso';
  if (!ARCHES.includes(arch)) throw new TalgenError(`unknown arch "${arch}"`, { path: where, hint: `use ${ARCHES.join(' or ')}` });
  if (!BOOT_METHODS.includes(bootMethod)) throw new TalgenError(`unknown boot method "${bootMethod}"`, { path: where, hint: `use ${BOOT_METHODS.join(', ')}` });
  let suffix = o.suffix;
  if (suffix !== undefined && suffix !== '') {
    suffix = suffix.replace(/^\./, '');
    if (!SUFFIXES[bootMethod]!.includes(suffix)) {
      throw new TalgenError(`image suffix "${suffix}" does not fit boot method ${bootMethod}`, { path: where, hint: `use one of: ${SUFFIXES[bootMethod]!.filter(Boolean).join(', ') || '(none)'}` });
    }
  } else {
    suffix = bootMethod === 'iso' ? 'iso' : bootMethod === 'disk-image' ? 'raw.zst' : '';
  }
  const registry = o.factory?.registryURL || DEFAULT_REGISTRY;
  const id = schematicId(o.schematic ?? {});
  if (bootMethod === 'pxe' && !o.factory?.ISOURLTmpl) {
    const host = registry === DEFAULT_REGISTRY ? 'pxe.factory.talos.dev' : registry;
    return `${o.factory?.protocol || 'https'}://${host}/pxe/${id}/${o.talosVersion}/${o.mode || 'metal'}-${arch}${o.secureboot ? '-secureboot' : ''}`;
  }
  return render(o.factory?.ISOURLTmpl || DEFAULT_IMAGE_TMPL, {
    Protocol: o.factory?.protocol || 'https',
    RegistryURL: registry,
    ID: id,
    Version: o.talosVersion,
    Mode: o.mode || 'metal',
    Arch: arch,
    Secureboot: o.secureboot ?? false,
    UseUKI: o.useUKI ?? false,
    BootMethod: bootMethod,
    Suffix: suffix ? `.${suffix}` : '',
  }, where);
}
