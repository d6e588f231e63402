/** What a node's `machineSpec` may name (talhelper's values): architectures, boot methods, image suffixes. */
export const ARCHES: readonly string[] = ['amd64', 'arm64'];
export const BOOT_METHODS: readonly string[] = ['iso', 'disk-image', 'pxe'];

/** Image suffixes talhelper's validator takes per boot method (checkNodeMachineSpec); pxe takes none. */
export const IMAGE_SUFFIXES: Readonly<Record<string, readonly string[]>> = {
  iso: ['iso'],
  'disk-image': ['raw.zst', 'raw.xz', 'raw.tar.gz', 'vhd.xz', 'raw.gz', 'ova', 'qcow2'],
  pxe: [],
};
