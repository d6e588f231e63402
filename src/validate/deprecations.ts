import type { Contract } from '../core/contract.js';
import { arr, inSpan, obj, type Obj } from './read.js';

/**
 * The deprecation warnings of Talos's v1alpha1 `Validate` (v1alpha1_validation.go per machinery release), as data:
 * the field, the releases that warn about it, when it counts as set, and Talos's own wording. Talos returns them as
 * warnings; with `validation.WithStrict()` (how talhelper validates) they become errors prefixed "warning: ".
 */
interface Deprecation {
  /** Dotted path in the v1alpha1 document. */
  path: string;
  since?: string;
  until?: string;
  isSet: (value: unknown) => boolean;
  message: string;
}

const nonEmptyList = (v: unknown) => arr(v).length > 0;
const nonEmptyMapping = (v: unknown) => Object.keys(obj(v) ?? {}).length > 0;

const BOOT_ASSETS_BEFORE_V1_13 = 'https://www.talos.dev/latest/talos-guides/install/boot-assets/';
const BOOT_ASSETS = 'https://docs.siderolabs.com/talos/latest/platform-specific-installations/boot-assets';

export const V1ALPHA1_DEPRECATIONS: readonly Deprecation[] = [
  {
    path: 'machine.install.extensions',
    since: 'v1.6',
    until: 'v1.12',
    isSet: nonEmptyList,
    message: `.machine.install.extensions is deprecated, please see ${BOOT_ASSETS_BEFORE_V1_13}`,
  },
  { path: 'machine.install.extensions', since: 'v1.13', isSet: nonEmptyList, message: `.machine.install.extensions is deprecated, please see ${BOOT_ASSETS}` },
  { path: 'machine.files', since: 'v1.14', isSet: nonEmptyList, message: '.machine.files is deprecated; use dedicated configuration documents instead' },
  {
    path: 'machine.baseRuntimeSpecOverrides',
    since: 'v1.14',
    isSet: nonEmptyMapping,
    message: '.machine.baseRuntimeSpecOverrides is deprecated; use a CRIBaseRuntimeSpecConfig document instead',
  },
];

function at(doc: Obj, path: string): unknown {
  return path.split('.').reduce<unknown>((o, key) => obj(o)?.[key], doc);
}

/** The deprecation warnings Talos gives for this v1alpha1 document under `contract`, at the field they name. */
export function deprecationWarnings(v1: Obj, contract: Contract): { path: string; message: string }[] {
  return V1ALPHA1_DEPRECATIONS.filter((row) => inSpan(contract, row) && row.isSet(at(v1, row.path))).map((row) => ({
    path: row.path,
    message: row.message,
  }));
}
