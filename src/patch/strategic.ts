import { atLeast, contractName, type Contract } from '../core/contract.js';
import { TalgenError } from '../core/errors.js';
import { parsePath } from '../load/yaml.js';
import { normalizeDocument } from '../model/normalize.js';
import { docSchemaFor, type JsonSchema } from '../model/registry.js';
import { applySelector, selectorTarget, splitDeletes, type SplitDocument } from './deletes.js';
import { documentId } from './identity.js';
import { mergeDocument } from './merge.js';
import { clone, isObj } from './plain.js';
import type { Patch } from './types.js';

type Obj = Record<string, unknown>;

const FREE_FORM: JsonSchema = { 'x-unstructured': true };

/** Split patch documents, once per document object: the same parsed patch is applied to every node. */
const splitCache = new WeakMap<Obj, SplitDocument>();

function split(raw: Obj, patch: StrategicPatch, doc: number): SplitDocument {
  const hit = splitCache.get(raw);
  if (hit) return hit;
  let out: SplitDocument;
  try {
    out = splitDeletes(raw);
  } catch (e) {
    throw located(patch, doc, new TalgenError(`error processing patch delete statements: ${(e as Error).message}`, { hint: DELETE_HINT }));
  }
  splitCache.set(raw, out);
  return out;
}

/** Strict decoding of what a patch document merges (unknown fields, wrong types, unknown kinds), per contract. */
const checked = new WeakMap<Obj, Set<string>>();

function check(rest: Obj, contract: Contract): void {
  const key = contractName(contract);
  if (checked.get(rest)?.has(key)) return;
  normalizeDocument(rest, contract);
  checked.set(rest, (checked.get(rest) ?? new Set()).add(key));
}

type StrategicPatch = Extract<Patch, { kind: 'strategic' }>;

const DELETE_HINT =
  'a delete names its document by apiVersion and kind (and name), e.g. apiVersion: v1alpha1\nkind: UserVolumeConfig\nname: data\n$patch: delete';

/**
 * An error about document `doc` of the patch, at the file:line:col of the field it names when the patch knows it
 * (else of the document itself).
 */
function located(patch: StrategicPatch, doc: number, e: TalgenError, hint = e.hint): TalgenError {
  const pos = patch.locate?.(doc, e.path ? parsePath(e.path) : []);
  return new TalgenError(e.message, { file: patch.source, line: pos?.line, col: pos?.col, path: e.path, hint, exitCode: e.exitCode });
}

/** The decoder's document key (`apiVersion/kind/name`, kind defaulting to v1alpha1) for duplicate checks. */
function decoderKey(doc: Obj): string {
  const text = (v: unknown) => (v === undefined || v === null || typeof v === 'object' ? '' : String(v));
  return `${text(doc.apiVersion)}/${text(doc.kind) || 'v1alpha1'}/${text(doc.name)}`;
}

/**
 * Apply one strategic merge patch (one or more documents) to a config, Talos configpatcher style. For each
 * patch document in order: its `$patch: delete` selectors run first (a whole-document delete removes the
 * document), then the rest is merged into the document with the same apiVersion/kind[/name], or appended.
 * Contract ≥ v1.14: a patch may hold the same document several times, and deletes aimed at documents the config
 * does not have are skipped; before v1.14 both are errors.
 */
export function applyStrategic(docs: Obj[], patch: StrategicPatch, contract: Contract): Obj[] {
  const v114 = atLeast(contract, 1, 14);
  const parts = patch.docs.map((raw, i) => {
    if (!isObj(raw))
      throw located(
        patch,
        i,
        new TalgenError('a strategic merge patch document must be a mapping', {
          hint: 'a strategic merge patch is a YAML mapping such as machine:\n  network:\n    hostname: foo',
        }),
      );
    const part = split(raw, patch, i);
    try {
      if (part.rest) check(part.rest, contract);
    } catch (e) {
      throw e instanceof TalgenError ? located(patch, i, e) : e;
    }
    return part;
  });
  if (!v114) {
    const seen = new Set<string>();
    for (const [i, { rest }] of parts.entries()) {
      if (!rest) continue;
      const key = decoderKey(rest);
      if (seen.has(key))
        throw located(
          patch,
          i,
          new TalgenError(`duplicate document ${key} is not allowed`, { hint: 'Talos before v1.14 refuses a patch that holds the same document twice' }),
        );
      seen.add(key);
    }
  }

  const out = [...docs];
  // Deleting edits in place, so on a private deep copy (merged documents share unchanged parts with the input).
  const owned = new Set<Obj>();
  const own = (i: number): Obj => {
    if (!owned.has(out[i]!)) {
      out[i] = clone(out[i]!);
      owned.add(out[i]!);
    }
    return out[i]!;
  };

  for (const [i, { selectors, rest }] of parts.entries()) {
    for (const sel of selectors) {
      const id = selectorTarget(sel);
      const idx = out.findIndex((d) => documentId(d) === id);
      if (idx < 0) {
        if (v114) continue;
        throw located(
          patch,
          i,
          new TalgenError(`patch delete: document '${id}' is not in the config`, {
            hint: `Talos ${contractName(contract)} cannot apply a delete to a document the config does not have (v1.14 skips it)`,
          }),
        );
      }
      const target = own(idx);
      const root = docSchemaFor(target)?.root ?? FREE_FORM;
      let keep: boolean;
      try {
        keep = applySelector(target, sel, root);
      } catch (e) {
        throw e instanceof TalgenError ? located(patch, i, e, undefined) : e;
      }
      if (!keep) out.splice(idx, 1);
    }
    if (!rest) continue;
    const id = documentId(rest);
    const idx = out.findIndex((d) => documentId(d) === id);
    if (idx < 0) {
      out.push(clone(rest));
      continue;
    }
    const schema = docSchemaFor(out[idx]!) ?? docSchemaFor(rest);
    try {
      out[idx] = mergeDocument(out[idx]!, rest, schema?.root ?? FREE_FORM);
    } catch (e) {
      throw e instanceof TalgenError ? located(patch, i, e) : e;
    }
  }
  return out;
}

/**
 * The documents a patch leaves once its delete directives are taken out, as Talos's decoder sees them
 * (whole-document deletes and documents left empty are dropped).
 */
export function extractPatchDeletes(docs: Obj[]): Obj[] {
  return docs.map((d) => splitDeletes(d).rest).filter((d): d is Obj => d !== undefined);
}
