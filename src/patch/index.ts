import fjp from 'fast-json-patch';
import type { Contract } from '../core/contract.js';
import { TalgenError } from '../core/errors.js';
import { documentId } from './identity.js';
import { plainView } from './plain.js';
import { applyStrategic } from './strategic.js';
import type { Patch } from './types.js';

export type { Patch } from './types.js';
export { parsePatch, loadPatches } from './load.js';
export { documentId } from './identity.js';

type Obj = Record<string, unknown>;

/**
 * Apply patches in order with Talos semantics. RFC 6902 patches go to the v1alpha1 document; Talos refuses them on
 * multi-document configs, talgen applies them anyway and warns (so RFC 6902 users can move to Talos ≥ 1.12).
 */
export function applyPatches(docs: unknown[], patches: Patch[], opts: { contract: Contract; onWarning?: (msg: string) => void }): unknown[] {
  let out = docs.map((d) => plainView(d) as Obj);
  for (const patch of patches) {
    if (patch.kind === 'strategic') {
      out = applyStrategic(out, patch.docs, patch.source, opts.contract);
      continue;
    }
    const idx = out.findIndex((d) => documentId(d) === '/v1alpha1');
    if (idx < 0) throw new TalgenError('RFC 6902 patches need a v1alpha1 document to patch', { path: patch.source });
    if (out.length > 1) {
      opts.onWarning?.(
        `${patch.source}: RFC 6902 patch applied to the v1alpha1 document of a multi-document config (Talos itself refuses this; consider a strategic merge patch)`,
      );
    }
    try {
      const res = fjp.applyPatch(structuredClone(out[idx]), patch.ops, true, false);
      out[idx] = res.newDocument as Obj;
    } catch (e) {
      const err = e as { message?: string; index?: number; operation?: { op: string; path: string } };
      const what = err.operation ? `${err.operation.op} ${err.operation.path}` : '';
      const reason = (err.message ?? String(e)).split('\n')[0]!.replace(/^[A-Z_]+: ?/, '');
      throw new TalgenError(`JSON patch operation ${err.index ?? '?'}${what ? ` (${what})` : ''} failed: ${reason}`, { path: patch.source });
    }
  }
  return out;
}
