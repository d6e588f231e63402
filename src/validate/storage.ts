import type { Report } from './issues.js';
import { arr, obj, type Obj } from './read.js';

/** A key of `machine.systemDiskEncryption.<partition>.keys` must say how it unlocks: one of these. */
const ENCRYPTION_KEY_KINDS = ['nodeID', 'static', 'kms', 'tpm'];

/** A partition `size` Talos reads as 0 (fill the rest of the disk). */
function fillsDisk(size: unknown): boolean {
  return size === undefined || size === null || size === 0 || size === '' || size === '0';
}

/** Talos's checks of `machine.disks` and `machine.systemDiskEncryption` (v1alpha1_validation.go). */
export function checkStorage(machine: Obj, report: Report): void {
  for (const [i, raw] of arr(machine.disks).entries()) {
    const disk = obj(raw);
    if (!disk) {
      report(`machine.disks[${i}]`, 'disk', 'disk entry is null');
      continue;
    }
    const partitions = arr(disk.partitions);
    for (const [j, part] of partitions.entries()) {
      if (fillsDisk(obj(part)?.size) && j !== partitions.length - 1) {
        report(
          `machine.disks[${i}].partitions[${j}].size`,
          'disk',
          `partition for disk "${String(disk.device ?? '')}" fills the disk but is not the last partition`,
        );
      }
    }
  }

  const encryption = obj(machine.systemDiskEncryption);
  for (const partition of ['ephemeral', 'state']) {
    const config = obj(encryption?.[partition]);
    if (!config) continue;
    const p = `machine.systemDiskEncryption.${partition}.keys`;
    const keys = arr(config.keys).map((k) => obj(k) ?? {});
    if (keys.length === 0) report(p, 'disk-encryption', 'no encryption keys provided');
    const slots = new Set<number>();
    for (const [i, key] of keys.entries()) {
      const slot = typeof key.slot === 'number' ? key.slot : 0;
      if (slots.has(slot)) report(`${p}[${i}].slot`, 'disk-encryption', `encryption key slot ${slot} is already in use`);
      slots.add(slot);
      if (!ENCRYPTION_KEY_KINDS.some((k) => key[k] !== undefined && key[k] !== null)) {
        report(`${p}[${i}]`, 'disk-encryption', `encryption key at slot ${slot} needs one of ${ENCRYPTION_KEY_KINDS.join(', ')}`);
      }
    }
  }
}
