import { TalgenError } from './errors.js';

/** A Talos version contract (major.minor). Patch level does not change generated configs. */
export interface Contract {
  major: number;
  minor: number;
  /**
   * Configs for this contract are decoded and encoded by the newest Talos machinery (talhelper links it whatever
   * talosVersion says): a field newer than the contract is kept when it is set, instead of being unknown.
   */
  newestMachinery?: boolean;
}

/** Contracts talgen generates for, oldest first. */
export const SUPPORTED_CONTRACTS: readonly Contract[] = [3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15].map((minor) => ({
  major: 1,
  minor,
}));

export const LATEST_CONTRACT: Contract = SUPPORTED_CONTRACTS[SUPPORTED_CONTRACTS.length - 1]!;

const VERSION_RE = /^v?(\d+)\.(\d+)(?:\.(\d+))?(?:-[0-9A-Za-z.-]+)?$/;

export type Version = Readonly<{ major: number; minor: number; patch?: number; tag: string }>;

/** Versions parsed so far: the schema's `x-since` bounds and the traits' releases are compared for every node. */
const parsedVersions = new Map<string, Version | undefined>();

/** Parse `v1.13`, `1.13`, `v1.13.9`, `v1.14.0-rc.1` into a contract (no support check). */
export function parseVersion(text: string): Version | undefined {
  if (parsedVersions.has(text)) return parsedVersions.get(text);
  const m = VERSION_RE.exec(text.trim());
  const tag = text.trim().startsWith('v') ? text.trim() : `v${text.trim()}`;
  const v = m ? Object.freeze({ major: Number(m[1]), minor: Number(m[2]), patch: m[3] === undefined ? undefined : Number(m[3]), tag }) : undefined;
  if (parsedVersions.size < 1024) parsedVersions.set(text, v);
  return v;
}

export function contractName(c: Contract): string {
  return `v${c.major}.${c.minor}`;
}

export function compareContracts(a: Contract, b: Contract): number {
  return a.major - b.major || a.minor - b.minor;
}

/** Parse and check that talgen knows this contract. */
export function parseContract(text: string, where?: { file?: string; path?: string }): Contract {
  const v = parseVersion(text);
  const supported = SUPPORTED_CONTRACTS.map(contractName).join(', ');
  if (!v) {
    throw new TalgenError(`"${text}" is not a Talos version`, {
      ...where,
      hint: `use a version like v1.13 or v1.13.9; talgen knows ${supported}`,
    });
  }
  const c = { major: v.major, minor: v.minor };
  if (!SUPPORTED_CONTRACTS.some((s) => compareContracts(s, c) === 0)) {
    throw new TalgenError(`Talos contract ${contractName(c)} is not supported`, {
      ...where,
      hint: `talgen generates configs for ${supported}`,
    });
  }
  return c;
}

/** `atLeast(c, 1, 12)` — true when contract c is v1.12 or newer. */
export function atLeast(c: Contract, major: number, minor: number): boolean {
  return compareContracts(c, { major, minor }) >= 0;
}

/**
 * Whether the Talos release `version` (`v1.13.9`; a missing patch counts as .0, pre-release suffixes are ignored)
 * is `since` or newer. A version that does not parse is not.
 */
export function releaseAtLeast(version: string, since: string): boolean {
  const a = parseVersion(version);
  const b = parseVersion(since);
  if (!a || !b) return false;
  return (a.major - b.major || a.minor - b.minor || (a.patch ?? 0) - (b.patch ?? 0)) >= 0;
}
