import type { Contract } from '../core/contract.js';
import { inSpan, type Obj } from './read.js';

/**
 * The install disk selector as Talos reads it, by release (facts from machinery's InstallConfig of each release):
 * until v1.8 `type` is go-blockdevice's disk.Type, which decoding lower-cases, and only set fields match
 * (DiskMatchers); from v1.9 `type` is a plain string that DiskMatchExpression compares as written, in metal mode.
 * These are the releases that lower-case the type (and refuse an unknown one when decoding, in every mode).
 */
export const DISK_TYPE_LOWER_CASED = { until: 'v1.8' };
/** The releases that compare the type as written (and check it in metal mode only). */
export const DISK_TYPE_AS_WRITTEN = { since: 'v1.9' };

/** The disk types Talos matches. */
export const DISK_TYPES: readonly string[] = ['ssd', 'hdd', 'nvme', 'sd'];

/** The diskSelector fields that match something until v1.8 (InstallConfig.DiskMatchers). */
const DISK_MATCHERS = ['size', 'uuid', 'wwid', 'model', 'name', 'serial', 'modalias', 'type', 'busPath'];

/** Is `type` a disk type this release matches: any case until v1.8, as written from v1.9? */
export function knownDiskType(type: string, contract: Contract): boolean {
  return DISK_TYPES.includes(inSpan(contract, DISK_TYPE_LOWER_CASED) ? type.toLowerCase() : type);
}

/**
 * Does a diskSelector select an install disk? Until v1.8 only with a matcher set (an empty selector matches
 * nothing); from v1.9 any selector does (DiskMatchExpression always has its readonly and CD-ROM terms).
 */
export function selectsDisk(selector: Obj | undefined, contract: Contract): boolean {
  if (!selector) return false;
  return !inSpan(contract, DISK_TYPE_LOWER_CASED) || DISK_MATCHERS.some((k) => selector[k] !== undefined && selector[k] !== '');
}
