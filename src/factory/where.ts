import { TalgenError, type SourcePos } from '../core/errors.js';
import { issueText, type Locator } from '../core/issue.js';

export type PathPart = string | number;

/**
 * Where a factory input came from, so an error can name file:line:col and the field path.
 * `positions(sub, key)` maps a path *relative to the value being checked* (e.g. `['customization', 'meta', 0, 'key']`)
 * to its place in the file; with `key` the position of the mapping key instead of its value.
 * A plain string is shorthand for `{ path }`.
 */
export interface Where {
  file?: string;
  path?: string;
  positions?: (sub: PathPart[], key?: boolean) => SourcePos | undefined;
  /** Renames a sub-path before it is joined to `path` and given to `positions` (e.g. `['suffix']` → `['machineSpec', 'imageSuffix']`). */
  map?: (sub: PathPart[]) => PathPart[];
}

export function toWhere(w: string | Where | undefined): Where {
  if (w === undefined) return {};
  return typeof w === 'string' ? { path: w || undefined } : w;
}

/** `base` + `sub` as a dotted/indexed path: `nodes[0].schematic` + `['overlay', 'name']` → `nodes[0].schematic.overlay.name`. */
export function joinPath(base: string | undefined, sub: readonly PathPart[]): string | undefined {
  let out = base ?? '';
  for (const p of sub) out += typeof p === 'number' ? `[${p}]` : out ? `.${p}` : p;
  return out || undefined;
}

/** The Locator of field `sub` of the input at `w`: file:line:col when known, else the file alone; the joined path. */
export function locate(w: Where, given: readonly PathPart[], key?: boolean): Locator {
  const sub = w.map ? w.map([...given]) : [...given];
  const pos = w.positions?.([...sub], key);
  return { file: pos?.file ?? w.file, line: pos?.line, col: pos?.col, path: joinPath(w.path, sub) };
}

/** The error for field `sub` of the input at `w`. */
export function errorAt(w: Where, given: readonly PathPart[], message: string, opts: { hint?: string; key?: boolean } = {}): TalgenError {
  return new TalgenError(message, { ...locate(w, given, opts.key), hint: opts.hint });
}

/** A warning about field `sub` of the input at `w`, as every warning prints: `file:line:col: path: message (hint)`. */
export function warningAt(w: Where, given: readonly PathPart[], message: string, opts: { hint?: string; key?: boolean } = {}): string {
  return issueText({ severity: 'warning', message, hint: opts.hint, at: locate(w, given, opts.key) });
}

/**
 * The locator for a value at `base` inside a loaded YAML document (`doc.positionOf` from src/load): error paths and
 * positions are absolute, e.g. `whereInDoc(doc, ['controlPlane', 'schematic'])` →
 * `talconfig.yaml:12:13: controlPlane.schematic.customization.systemExtensions.officialExtensions[1]: …`.
 */
export function whereInDoc(doc: { file: string; positionOf(path: PathPart[], key?: boolean): SourcePos }, base: readonly PathPart[]): Where {
  return {
    file: doc.file,
    map: (sub) => [...base, ...sub],
    positions: (sub, key) => doc.positionOf(sub, key), // sub is already mapped to a path from the document root
  };
}
