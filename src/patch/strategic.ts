import type { Contract } from '../core/contract.js';
import { TalgenError } from '../core/errors.js';
import { docSchemaFor, isMapSchema, isPointer, isScalarSchema, isUnstructured, properties, resolve, type JsonSchema } from '../model/registry.js';
import { normalizeDocument } from '../model/normalize.js';
import { documentId } from './identity.js';
import { deepEqual, isObj } from './plain.js';

type Obj = Record<string, unknown>;

/** A `$patch: delete` found in a strategic patch document. */
interface DeleteSelector {
  path: string[];
  /** For list items: delete elements whose `field` equals `value`. */
  match?: { field: string; value: unknown };
}

const dotted = (p: string[]) => p.join('.');

/** Remove `$patch: delete` directives from a patch document, returning them separately (Talos processes them first). */
function extractDeletes(node: unknown, path: string[], out: DeleteSelector[], source: string, inListItem = false): unknown {
  if (Array.isArray(node)) {
    const kept: unknown[] = [];
    for (const item of node) {
      if (isObj(item) && item.$patch === 'delete') {
        const field = Object.keys(item).find((k) => k !== '$patch');
        if (!field) throw new TalgenError(`"$patch: delete" list item at ${dotted(path)} needs a field to match`, { path: source });
        out.push({ path, match: { field, value: item[field] } });
        continue;
      }
      kept.push(extractDeletes(item, path, out, source, true));
    }
    return kept;
  }
  if (isObj(node)) {
    const o: Obj = {};
    for (const [k, v] of Object.entries(node)) {
      if (k === '$patch') {
        if (v !== 'delete') throw new TalgenError(`unsupported "$patch: ${String(v)}" at ${dotted(path) || 'document root'}`, { path: source, hint: 'only "$patch: delete" exists' });
        continue;
      }
      if (isObj(v) && v.$patch === 'delete' && Object.keys(v).length === 1) {
        if (inListItem) throw new TalgenError(`deleting keys inside list elements is not supported (${dotted([...path, k])})`, { path: source });
        out.push({ path: [...path, k] });
        continue;
      }
      o[k] = extractDeletes(v, [...path, k], out, source, inListItem);
    }
    return o;
  }
  return node;
}

function applyDelete(doc: Obj, sel: DeleteSelector, id: string): void {
  const fail = () =>
    new TalgenError(`patch delete: path '${dotted(sel.path)}' in document '${id}': failed to delete path '${dotted(sel.path)}': lookup failed`);
  let cur: unknown = doc;
  const parents = sel.match ? sel.path : sel.path.slice(0, -1);
  for (const k of parents) {
    if (!isObj(cur) || !(k in cur)) throw fail();
    cur = cur[k];
  }
  if (sel.match) {
    if (!Array.isArray(cur)) throw fail();
    const { field, value } = sel.match;
    const remaining = cur.filter((item) => !(isObj(item) && deepEqual(item[field], value)));
    (cur as unknown[]).splice(0, cur.length, ...remaining);
    return;
  }
  const last = sel.path[sel.path.length - 1]!;
  if (!isObj(cur) || !(last in cur)) throw fail();
  delete cur[last];
}

function clone<T>(v: T): T {
  return structuredClone(v);
}

function mergeArrays(left: unknown[], right: unknown[], p: JsonSchema, root: JsonSchema, path: string): unknown[] {
  if (p['x-merge'] === 'replace') return clone(right);
  const keys = p['x-merge-key'] as string[] | undefined;
  const itemSchema = (resolve(p, root).items ?? {}) as JsonSchema;
  const out = [...left];
  for (const item of right) {
    if (keys && isObj(item)) {
      const key = keys.find((k) => item[k] !== undefined && item[k] !== '' && item[k] !== null);
      const idx = key === undefined ? -1 : out.findIndex((x) => isObj(x) && deepEqual(x[key], item[key]));
      if (idx >= 0) {
        out[idx] = mergeValue(out[idx], item, itemSchema, root, `${path}[${idx}]`, false);
        continue;
      }
    }
    out.push(clone(item));
  }
  return out;
}

function mergeFree(left: unknown, right: unknown): unknown {
  if (isObj(left) && isObj(right)) {
    const o: Obj = { ...left };
    for (const [k, v] of Object.entries(right)) o[k] = k in o ? mergeFree(o[k], v) : clone(v);
    return o;
  }
  if (Array.isArray(left) && Array.isArray(right)) return [...left, ...clone(right)];
  return clone(right);
}

/**
 * Talos merges `*Endpoint` (a wrapped url.URL) field by field: empty URL parts of the patch keep the original's,
 * so `https://10.0.0.1` merged onto `https://10.0.0.1/` keeps the path `/`.
 */
function mergeURL(left: string, right: string): string {
  let l: URL;
  let r: URL;
  try {
    l = new URL(left);
    r = new URL(right);
  } catch {
    return right;
  }
  const rightPath = /^[a-z][a-z0-9+.-]*:\/\/[^/?#]*(\/[^?#]*)?/i.exec(right)?.[1] ?? '';
  const leftPath = /^[a-z][a-z0-9+.-]*:\/\/[^/?#]*(\/[^?#]*)?/i.exec(left)?.[1] ?? '';
  const path = rightPath || leftPath;
  const auth = r.username ? `${r.username}${r.password ? `:${r.password}` : ''}@` : l.username ? `${l.username}${l.password ? `:${l.password}` : ''}@` : '';
  return `${r.protocol || l.protocol}//${auth}${r.host || l.host}${path}${r.search || l.search}${r.hash || l.hash}`;
}

/** Talos `merge.Merge` semantics, typed by the schema (see reference §5 table). */
function mergeValue(left: unknown, right: unknown, schema: JsonSchema, root: JsonSchema, path: string, pointee: boolean): unknown {
  if (right === undefined || right === null) return left;
  if (left === undefined || left === null) return clone(right);
  const s = resolve(schema, root);
  if (schema['x-merge'] === 'replace' || s['x-merge'] === 'replace' || s['x-bytes'] === true) return clone(right);
  if (schema['x-go'] === 'Endpoint' && typeof left === 'string' && typeof right === 'string') return mergeURL(left, right);
  if (isUnstructured(s) || isScalarSchema(s)) return mergeFree(left, right);
  if (isMapSchema(s)) {
    if (!isObj(right) || !isObj(left)) throw new TalgenError('type mismatch: expected a mapping', { path });
    const item = (s.additionalProperties ?? {}) as JsonSchema;
    const o: Obj = { ...left };
    for (const [k, v] of Object.entries(right)) o[k] = k in o ? mergeValue(o[k], v, item, root, `${path}.${k}`, true) : clone(v);
    return o;
  }
  const props = properties(s);
  if (props) {
    if (!isObj(right) || !isObj(left)) throw new TalgenError('type mismatch: expected a mapping', { path });
    const o: Obj = { ...left };
    for (const [k, v] of Object.entries(right)) {
      const p = props[k];
      const child = path ? `${path}.${k}` : k;
      if (!p) throw new TalgenError('unknown field', { path: child });
      o[k] = mergeField(o[k], v, p, root, child);
    }
    return o;
  }
  if (Array.isArray(left) && Array.isArray(right)) return mergeArrays(left, right, schema, root, path);
  // Scalars: a pointee always overwrites; plain strings/ints keep the left value against a zero right value.
  if (!pointee && (right === '' || right === 0)) return left;
  return clone(right);
}

function mergeField(left: unknown, right: unknown, p: JsonSchema, root: JsonSchema, path: string): unknown {
  if (right === undefined || right === null) return left;
  const s = resolve(p, root);
  if (Array.isArray(right)) {
    if (!Array.isArray(left)) return clone(right);
    return mergeArrays(left, right, p, root, path);
  }
  if (typeof right === 'boolean' && s.type === 'boolean') return right;
  return mergeValue(left, right, p, root, path, isPointer(p));
}

/** Strict decoding of a patch document, once per (document, contract): the same patch applies to many nodes. */
const checked = new WeakMap<Obj, Set<string>>();

function checkPatchDocument(raw: Obj, cleaned: Obj, source: string, contract: Contract): void {
  const key = `${contract.major}.${contract.minor}`;
  if (checked.get(raw)?.has(key)) return;
  try {
    normalizeDocument(structuredClone(cleaned), contract);
  } catch (e) {
    if (e instanceof TalgenError) throw new TalgenError(`${e.path ? `${e.path}: ` : ''}${e.message}`, { path: source, hint: e.hint });
    throw e;
  }
  checked.set(raw, (checked.get(raw) ?? new Set()).add(key));
}

/**
 * Apply one strategic merge patch (possibly several documents) to a config. Documents are matched by
 * apiVersion/kind[/name]; unmatched ones are appended; `$patch: delete` removes documents, keys and list items.
 */
export function applyStrategic(docs: Obj[], patchDocs: Obj[], source: string, contract: Contract): Obj[] {
  let out = docs.map((d) => d);
  for (const raw of patchDocs) {
    const deletes: DeleteSelector[] = [];
    const rootDelete = raw.$patch === 'delete';
    const id = documentId(raw);
    if (rootDelete) {
      if (id === '/v1alpha1') throw new TalgenError('the v1alpha1 document cannot be deleted', { path: source });
      const before = out.length;
      out = out.filter((d) => documentId(d) !== id);
      if (out.length === before && !(contract.major === 1 && contract.minor >= 14)) {
        throw new TalgenError(`patch delete: document '${id}' not found`, { path: source });
      }
      continue;
    }
    const cleaned = extractDeletes(raw, [], deletes, source) as Obj;
    const s = docSchemaFor(cleaned);
    checkPatchDocument(raw, cleaned, source, contract);
    const idx = out.findIndex((d) => documentId(d) === id);
    if (idx < 0) {
      if (deletes.length) {
        const first = deletes[0]!;
        throw new TalgenError(`patch delete: path '${dotted(first.path)}' in document '${id}': failed to delete path '${dotted(first.path)}': lookup failed`, { path: source });
      }
      out.push(clone(cleaned));
      continue;
    }
    // Merging copies along the changed paths; only deletes edit in place, so only they need a private copy.
    const target = deletes.length ? clone(out[idx]!) : out[idx]!;
    for (const sel of deletes) applyDelete(target, sel, id);
    try {
      out[idx] = mergeValue(target, cleaned, s!.root, s!.root, '', false) as Obj;
    } catch (e) {
      throw e instanceof TalgenError ? e.withContext({ path: source }) : e;
    }
  }
  return out;
}

/** The documents a patch leaves after its delete directives are taken out (whole-document deletes dropped). */
export function extractPatchDeletes(docs: Obj[]): Obj[] {
  return docs.filter((d) => d.$patch !== 'delete').map((d) => extractDeletes(d, [], [], 'patch') as Obj);
}
