import { TalgenError } from '../core/errors.js';
import { isMapSchema, isPointer, isScalarSchema, isUnstructured, properties, resolve, type JsonSchema } from '../model/registry.js';
import { clone, isObj } from './plain.js';

type Obj = Record<string, unknown>;

/**
 * One `$patch: delete` directive, as Talos's config decoder turns it into a selector document: the target
 * document (apiVersion/kind[/name]; the legacy document has kind `v1alpha1` and no apiVersion) and the path of
 * the deleted node. `path` is empty for a whole-document delete; for a list element it ends with `[i]` (the
 * element's index in the patch) and `key`/`value` is the element's first other field, which selects the
 * elements to delete.
 */
export interface DeleteSelector {
  apiVersion: string;
  kind: string;
  name?: string;
  path: string[];
  key?: string;
  value?: string;
}

/** A patch document split like Talos's decoder does: its delete selectors, then what is left to merge. */
export interface SplitDocument {
  selectors: DeleteSelector[];
  /** The remaining document, or undefined when nothing is left to merge (Talos drops the document). */
  rest: Obj | undefined;
}

/** The text go-yaml gives a scalar node (`node.Value`); mappings and sequences have none. */
function scalarText(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'object') return '';
  return String(v);
}

const isDeleteMark = (k: string, v: unknown) => k === '$patch' && v === 'delete';

export const pathText = (path: string[]) => path.join('.');

/**
 * Take the `$patch: delete` directives out of one patch document (Talos `AppendDeletesTo`). A mapping holding
 * `$patch: delete` is removed with everything else it holds; a mapping or list left empty by removals is
 * removed from its parent too; a document left with nothing but `version`/`kind`/`name` is dropped.
 */
export function splitDeletes(doc: Obj): SplitDocument {
  const root = clone(doc);
  const selectors: DeleteSelector[] = [];

  const makeSelector = (path: string[], key = '', value = ''): DeleteSelector => {
    const required = path.length === 0;
    const find = (k: string) => {
      if (k in root) return scalarText(root[k]);
      if (required) throw new Error(`missing ${k} in document for which $patch: delete is used`);
      return '';
    };
    const apiVersion = find('apiVersion');
    let kind = find('kind');
    if (kind === '' && apiVersion === '') kind = 'v1alpha1';
    else if (kind === '' || apiVersion === '') throw new Error(`kind and apiVersion must be both set for path ${pathText(path)}`);
    const sel: DeleteSelector = { apiVersion, kind, path: [...path] };
    if (key !== '') {
      sel.key = key;
      sel.value = value;
    }
    const name = 'name' in root ? scalarText(root.name) : '';
    if (name !== '') sel.name = name;
    return sel;
  };

  /** Returns true when `v` is to be removed from its parent. */
  const visit = (v: unknown, path: string[], parent: 'document' | 'mapping' | 'sequence'): boolean => {
    if (isObj(v)) {
      for (const k of Object.keys(v)) {
        if (isDeleteMark(k, v[k])) {
          if (parent === 'sequence') {
            const first = Object.keys(v).find((x) => !isDeleteMark(x, v[x]));
            if (first === undefined) throw new Error(`no key:val found in sequence node for path ${pathText(path)}`);
            selectors.push(makeSelector(path, first, scalarText(v[first])));
          } else {
            const inList = path.find((p) => p.startsWith('['));
            if (inList) throw new Error(`cannot delete an inner key in '${pathText(path)}'`);
            selectors.push(makeSelector(path));
          }
          return true;
        }
        if (visit(v[k], [...path, k], 'mapping')) {
          delete v[k];
          if (Object.keys(v).length === 0) return true;
        }
      }
      return false;
    }
    if (Array.isArray(v)) {
      for (let i = 0; i < v.length; i++) {
        if (visit(v[i], [...path, `[${i}]`], 'sequence')) {
          v.splice(i, 1);
          i--;
          if (v.length === 0) return true;
        }
      }
    }
    return false;
  };

  const dropped = visit(root, [], 'document');
  if (dropped) return { selectors, rest: undefined };
  const emptyDoc = Object.entries(root).every(([k, v]) => ['version', 'kind', 'name'].includes(k) && (v === null || typeof v !== 'object'));
  return { selectors, rest: emptyDoc ? undefined : root };
}

/** Id of the document a selector targets (same form as `documentId`). */
export function selectorTarget(sel: DeleteSelector): string {
  const base = `${sel.apiVersion}/${sel.kind}`;
  return sel.name === undefined ? base : `${base}/${sel.name}`;
}

class LookupFailed extends Error {
  constructor() {
    super('lookup failed');
  }
}

/** The text Talos compares list elements by: a string field's value (Stringers print their string form). */
function fieldText(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

/** Remove the first struct element whose `key` field reads `value` (Talos `deleteStructFrom`). */
function deleteFromList(list: unknown, itemSchema: JsonSchema | undefined, rest: string[], seg: string, sel: DeleteSelector, root: JsonSchema): void {
  if (rest.length !== 0) throw new Error('searching for complex paths in slices is not supported');
  if (seg === '') throw new Error("searching for '' in a slice is not supported");
  if (!seg.startsWith('[')) throw new Error('searching for non-integer keys in slices is not supported');
  if (!Array.isArray(list)) throw new LookupFailed();
  const item = itemSchema ? resolve(itemSchema, root) : undefined;
  // Only lists of structs can be searched; free-form and map elements never match.
  if (!item || !properties(item) || sel.key === undefined || !(sel.key in properties(item)!)) throw new LookupFailed();
  const idx = list.findIndex((el) => isObj(el) && fieldText(el[sel.key!]) === sel.value);
  if (idx < 0) throw new LookupFailed();
  list.splice(idx, 1);
}

/**
 * Talos `deleteForPath`, typed by the document schema: struct fields by name (the last one is zeroed, present
 * or not), Go maps and free-form mappings by key (the key must exist), nil pointers/maps fail the lookup,
 * absent non-pointer structs are walked as zero values.
 */
function deleteAt(value: unknown, schema: JsonSchema | undefined, path: string[], sel: DeleteSelector, root: JsonSchema): void {
  const [seg, ...rest] = path as [string, ...string[]];
  const s = schema ? resolve(schema, root) : undefined;
  const free = !s || isUnstructured(s);
  if (Array.isArray(value) || (s && s.type === 'array' && !free)) {
    deleteFromList(value, free ? undefined : (s!.items as JsonSchema | undefined), rest, seg, sel, root);
    return;
  }
  if (free || isMapSchema(s)) {
    if (!isObj(value) || !(seg in value)) throw new LookupFailed();
    if (rest.length === 0) {
      delete value[seg];
      return;
    }
    const next = free ? undefined : (s!.additionalProperties as JsonSchema | undefined);
    if (value[seg] === null || value[seg] === undefined) throw new LookupFailed();
    deleteAt(value[seg], free ? { 'x-unstructured': true } : next, rest, sel, root);
    return;
  }
  const props = properties(s);
  if (!props || isScalarSchema(s)) throw new LookupFailed();
  const p = props[seg];
  if (!p) throw new LookupFailed();
  if (!isObj(value)) throw new LookupFailed();
  if (rest.length === 0) {
    delete value[seg];
    return;
  }
  let next = value[seg];
  if (next === null || next === undefined) {
    const ps = resolve(p, root);
    // A nil pointer, map or slice ends the lookup; a non-pointer struct is there as its zero value.
    if (isPointer(p) || !properties(ps) || isScalarSchema(ps) || isUnstructured(ps) || isMapSchema(ps)) throw new LookupFailed();
    next = {};
  }
  deleteAt(next, p, rest, sel, root);
}

/**
 * Apply a selector to its (already matched) document, in place. Returns false when the whole document is to
 * be removed. Error texts are Talos's.
 */
export function applySelector(doc: Obj, sel: DeleteSelector, root: JsonSchema): boolean {
  const p = pathText(sel.path);
  const inner = (): string | undefined => {
    if (sel.path.length === 0) {
      if (sel.kind === 'v1alpha1' && sel.apiVersion === '') return "can't delete the root of the legacy document";
      return undefined;
    }
    try {
      deleteAt(doc, root, sel.path, sel, root);
      return '';
    } catch (e) {
      return `failed to delete path '${p}': ${(e as Error).message}`;
    }
  };
  const err = inner();
  if (err === undefined) return false;
  if (err === '') return true;
  const hint = 'a "$patch: delete" removes something the config has: check the field names and list keys on the way to it';
  if (sel.name !== undefined) throw new TalgenError(`named patch delete: document ${sel.apiVersion}/${sel.kind}: ${err}`, { path: p || undefined, hint });
  throw new TalgenError(`patch delete: path '${p}' in document '${sel.apiVersion}/${sel.kind}': ${err}`, { path: p || undefined, hint });
}
