import type { Contract } from '../core/contract.js';
import { TalgenError } from '../core/errors.js';
import { encodeYaml } from '../emit/goyaml.js';
import { parsePath, parseYamlText } from '../load/yaml.js';
import { goDecodeTalosDocument } from '../model/go-decode.js';
import { normalizeDocument } from '../model/normalize.js';
import { documentId } from './identity.js';
import { applyJsonPatch, JsonPatchError, type JsonPatchOp, unescapeSegment } from './json-patch.js';
import { decodedAgain, markJson6902Output } from './json6902-output.js';
import { fromJsonNode, JsonLiteral, toJsonNode, type JsonObject } from './json-text.js';
import { plainView } from './plain.js';
import { applyStrategic } from './strategic.js';
import type { Patch } from './types.js';

export type { Patch } from './types.js';
export { parsePatch, loadPatches } from './load.js';
export { documentId } from './identity.js';

type Obj = Record<string, unknown>;

const JSON_PATCH_APPLY_HINT =
  'operations apply in order to the v1alpha1 document as the earlier patches left it: "add" needs the parent to exist, the others need the path; in a path write ~1 for "/" and ~0 for "~"';

/** The last operation whose path is the config field `path` (dotted), an ancestor or a descendant of it; else the last one. */
function opFor(ops: JsonPatchOp[], path: string | undefined): number {
  const field = path ? parsePath(path).map(String) : [];
  for (let i = ops.length - 1; i >= 0; i--) {
    const p = ops[i]!.get('path');
    if (!(p instanceof JsonLiteral) || !p.text.startsWith('"')) continue;
    const parts = String(JSON.parse(p.text)).split('/').slice(1).map(unescapeSegment);
    const n = Math.min(parts.length, field.length);
    if (parts.slice(0, n).every((s, j) => s === field[j])) return i;
  }
  return ops.length - 1;
}

/**
 * RFC 6902 as Talos runs it: the v1alpha1 document encoded (zero values of non-omitempty fields present, so paths
 * like `/machine/certSANs/-` exist) and converted to JSON by ghodss/yaml, patched by evanphx/json-patch
 * (json-patch.ts), converted back to YAML and strictly decoded into the Go types again: a JSON value lands in a
 * typed field by go-yaml's rules (`1` in a string field is "1", `"7445"` in an integer field is refused, a float
 * arrives as the text go-yaml v2 printed, see json-text.ts). Member order is lost but decoding restores struct
 * order; a file mode `0o644` travels as `420`.
 */
function applyJson6902(doc: Obj, patch: Extract<Patch, { kind: 'json6902' }>, contract: Contract, held?: unknown): { decoded: Obj; held: unknown } {
  // Right after another RFC 6902 patch Talos still holds that patch's JSON output: nothing decoded it in between.
  const encoded = toJsonNode(held !== undefined ? held : normalizeDocument(doc, contract)) as JsonObject;
  let patched: unknown;
  try {
    patched = fromJsonNode(applyJsonPatch(encoded, patch.ops));
  } catch (e) {
    if (!(e instanceof JsonPatchError)) throw e;
    throw new TalgenError(
      `failure applying rfc6902 patches to talos machine config: JSON patch operation ${e.index} (${e.op} ${e.path}) failed: ${e.message}`,
      {
        file: patch.source,
        ...patch.locate?.(e.index),
        hint: JSON_PATCH_APPLY_HINT,
      },
    );
  }
  try {
    const yaml = parseYamlText(encodeYaml(patched), patch.source);
    const result = goDecodeTalosDocument(yaml.doc, patched, yaml.at) as Obj;
    normalizeDocument(result, contract);
    return { decoded: result, held: patched };
  } catch (e) {
    // positions would point into the intermediate YAML, not at anything the user wrote
    if (e instanceof TalgenError)
      throw new TalgenError(`after the RFC 6902 patch: ${e.message}`, {
        file: patch.source,
        ...patch.locate?.(opFor(patch.ops, e.path)),
        path: e.path,
        hint: e.hint,
      });
    throw e;
  }
}

/**
 * Apply patches in order with Talos semantics (see strategic.ts, merge.ts, deletes.ts). RFC 6902 patches go to
 * the v1alpha1 document. Talos refuses them on multi-document configs ("JSON6902 patches are not supported for
 * multi-document machine configuration"); talgen deliberately applies them to the v1alpha1 document anyway and
 * reports a warning through `onWarning`. Inputs are not mutated.
 */
export function applyPatches(docs: unknown[], patches: Patch[], opts: { contract: Contract; onWarning?: (msg: string) => void }): unknown[] {
  let out = docs.map((d) => plainView(d) as Obj);
  let lastHeld: unknown;
  let previous: Patch | undefined;
  for (const patch of patches) {
    const before = previous;
    previous = patch;
    if (patch.kind === 'strategic') {
      out = applyStrategic(out, patch, opts.contract);
      continue;
    }
    const idx = out.findIndex((d) => documentId(d) === '/v1alpha1');
    if (idx < 0) {
      throw new TalgenError('an RFC 6902 patch needs the v1alpha1 document, and the config has none', {
        file: patch.source,
        hint: 'use a strategic merge patch (a YAML document with apiVersion and kind) for the other documents',
      });
    }
    if (out.length > 1) {
      opts.onWarning?.(
        `${patch.source}: RFC 6902 patch applied to the v1alpha1 document of a multi-document config; Talos itself refuses this ("JSON6902 patches are not supported for multi-document machine configuration"), use a strategic merge patch to stay compatible`,
      );
    }
    const { decoded, held } = applyJson6902(out[idx]!, patch, opts.contract, before?.kind === 'json6902' ? lastHeld : undefined);
    lastHeld = held;
    out = out.map((d, i) => (i === idx ? decoded : d));
  }
  const last = patches.at(-1);
  if (!last) return out;
  return out.map((d) => (last.kind === 'json6902' && documentId(d) === '/v1alpha1' ? markJson6902Output(d, lastHeld) : decodedAgain(d)));
}
