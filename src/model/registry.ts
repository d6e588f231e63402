import { readdirSync, readFileSync } from 'node:fs';
import { compareContracts, parseVersion, type Contract } from '../core/contract.js';

export interface JsonSchema {
  [k: string]: unknown;
}

export interface DocSchema {
  kind: string;
  apiVersion?: string;
  named: boolean;
  since?: string;
  until?: string;
  file: string;
  root: JsonSchema;
}

const SCHEMA_DIR = new URL('../../../schemas/talos/', import.meta.url);
const SUFFIX = '.schema.json';

/** The kinds with a schema: `schemas/talos/<kind>.schema.json`, in file-name order. */
let kinds: string[] | undefined;
/** Schemas read so far, by kind: a command reads the few kinds its documents have, not all ninety files. */
const loaded = new Map<string, DocSchema>();

function schemaKinds(): string[] {
  kinds ??= readdirSync(SCHEMA_DIR)
    .filter((n) => n.endsWith(SUFFIX))
    .sort()
    .map((n) => n.slice(0, -SUFFIX.length));
  return kinds;
}

/** The schema of `kind`, read on first use; undefined for a kind without a schema file. */
function schemaOf(kind: string): DocSchema | undefined {
  const hit = loaded.get(kind);
  if (hit || !schemaKinds().includes(kind)) return hit;
  const file = `${kind}${SUFFIX}`;
  const root = JSON.parse(readFileSync(new URL(file, SCHEMA_DIR), 'utf8')) as JsonSchema;
  const s: DocSchema = {
    kind: String(root['x-kind']),
    apiVersion: root['x-apiVersion'] as string | undefined,
    named: root['x-named'] === true,
    since: root['x-since'] as string | undefined,
    until: root['x-until'] as string | undefined,
    file,
    root,
  };
  loaded.set(kind, s);
  return s;
}

/** Every `schemas/talos/*.schema.json` (each file is named after the `x-kind` it holds), in file-name order. */
export function allDocSchemas(): DocSchema[] {
  return schemaKinds().map((k) => schemaOf(k)!);
}

/** True for the legacy `version: v1alpha1` document (no kind; any of its top-level keys). */
export function isV1Alpha1(doc: Record<string, unknown>): boolean {
  return doc.kind === undefined && ['version', 'machine', 'cluster', 'debug', 'persist'].some((k) => k in doc);
}

export function docSchemaFor(doc: Record<string, unknown>): DocSchema | undefined {
  if (doc.kind === undefined) return isV1Alpha1(doc) ? schemaOf('v1alpha1') : undefined;
  const s = schemaOf(String(doc.kind));
  if (s && doc.apiVersion !== undefined && s.apiVersion && doc.apiVersion !== s.apiVersion) return undefined;
  return s;
}

export function knownKinds(): string[] {
  // Each schema file is named after its kind: the names, without reading the ninety files.
  return schemaKinds().filter((k) => k !== 'v1alpha1');
}

/** Follow `$ref` within the document schema. */
const resolved = new WeakMap<JsonSchema, JsonSchema>();

export function resolve(schema: JsonSchema, root: JsonSchema): JsonSchema {
  if (typeof schema.$ref !== 'string') return schema;
  const hit = resolved.get(schema);
  if (hit) return hit;
  const out = resolveUncached(schema, root);
  resolved.set(schema, out);
  return out;
}

function resolveUncached(schema: JsonSchema, root: JsonSchema): JsonSchema {
  let s = schema;
  for (let i = 0; i < 8 && typeof s.$ref === 'string'; i++) {
    const name = (s.$ref as string).split('/').pop()!;
    const target = (root.$defs as Record<string, JsonSchema>)[name];
    if (!target) break;
    const { $ref: _ignored, ...rest } = s;
    s = { ...target, ...rest };
  }
  return s;
}

export function properties(s: JsonSchema): Record<string, JsonSchema> | undefined {
  return s.properties as Record<string, JsonSchema> | undefined;
}

export function isStruct(s: JsonSchema): boolean {
  return s.properties !== undefined;
}
export function isMapSchema(s: JsonSchema): boolean {
  return s['x-map'] === true;
}
export function isUnstructured(s: JsonSchema): boolean {
  return s['x-unstructured'] === true;
}
export function isScalarSchema(s: JsonSchema): boolean {
  return s['x-scalar'] === true;
}
export function isPointer(p: JsonSchema): boolean {
  return p['x-pointer'] === true;
}

/** The release that first knows a document kind, when `contract` is older than it (that Talos refuses the kind). */
export function kindSinceUnmet(s: DocSchema, contract: Contract): string | undefined {
  return s.since !== undefined && compareContracts(contract, parseVersion(s.since)!) < 0 ? s.since : undefined;
}

/**
 * Whether a kind or field (`x-since` / `x-until`) exists in a contract; without a contract everything does.
 * Returns the bound that excludes it otherwise.
 */
export function contractBound(s: JsonSchema, contract?: Contract): { since?: string; until?: string } | undefined {
  if (!contract) return undefined;
  const since = s['x-since'] as string | undefined;
  const until = s['x-until'] as string | undefined;
  if (since && compareContracts(contract, parseVersion(since)!) < 0) return { since };
  if (until && compareContracts(contract, parseVersion(until)!) > 0) return { until };
  return undefined;
}

/** The Go type behind a self-marshaling scalar (`format` annotation): time.Duration or Talos DiskSize. */
export function goFormat(s: JsonSchema): 'go-duration' | 'go-bytes-size' | undefined {
  return s.format === 'go-duration' || s.format === 'go-bytes-size' ? s.format : undefined;
}

/** Go `omitempty` for this field in this contract (tags changed between releases, e.g. controlPlane in v1.14). */
export function omitEmpty(p: JsonSchema, contract?: Contract): boolean {
  if (p['x-omitempty'] === false) return false;
  const since = p['x-omitempty-since'] as string | undefined;
  if (since && contract) {
    const v = parseVersion(since)!;
    if (compareContracts(contract, v) < 0) return false;
  }
  return true;
}

export function propertySchema(struct: JsonSchema, key: string, root: JsonSchema): JsonSchema | undefined {
  const p = properties(resolve(struct, root))?.[key];
  return p ? resolve(p, root) : undefined;
}
