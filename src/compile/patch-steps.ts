import { readFileSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Contract } from '../core/contract.js';
import { TalgenError } from '../core/errors.js';
import { renderGoTemplate, type GoStruct } from '../template/index.js';
import { applyPatches, parsePatch, type Patch } from '../patch/index.js';
import { v1alpha1TemplateData } from '../plan/go-template-data.js';
import type { PatchRef } from '../plan/types.js';

type Doc = Record<string, unknown>;

/** How the compiler reads a file that may be SOPS-encrypted and substitutes env variables. */
export interface SourceAccess {
  readText: (path: string) => Promise<string>;
  substitute: (text: string, file: string) => string;
  /** Variables as talhelper's process sees them (environment + talenv files), for sprig's `env`/`expandenv`. */
  env: (name: string) => string | undefined;
}

/**
 * One talhelper patch batch (`controlPlane/worker` + node patches, or the global `patches`): every patch is
 * rendered as a Go template against the config *before* the batch, `@file` patches are decrypted and env-
 * substituted, then all are applied with Talos semantics. Errors name the step (`nodes[2].patches[1] (file)`).
 */
export async function applyPatchBatch(
  docs: Doc[],
  refs: PatchRef[],
  ctx: { baseDir: string; contract: Contract; access: SourceAccess; onWarning: (m: string) => void },
): Promise<Doc[]> {
  if (!refs.length) return docs;
  // Template data is the config before this batch; snapshot it only if a patch actually has a template.
  let snapshot: GoStruct | undefined;
  const data = () => (snapshot ??= v1alpha1TemplateData(structuredClone(docs[0]!)));
  const patches: Patch[] = [];
  for (const ref of refs) {
    let text: string;
    let source: string;
    if (ref.spec.startsWith('@')) {
      const file = resolve(ctx.baseDir, ref.spec.slice(1));
      source = `${ref.label} (${ref.spec.slice(1)})`;
      let size: number;
      try {
        size = statSync(file).size;
      } catch {
        throw new TalgenError(`patch file not found: ${file}`, { path: ref.label, hint: 'paths are relative to the talconfig directory' });
      }
      if (size === 0 || readFileSync(file, 'utf8').trim() === '') continue;
      const raw = await ctx.access.readText(file);
      text = ctx.access.substitute(renderGoTemplate(raw, data(), source, { file, env: ctx.access.env }), file);
    } else {
      source = ref.label;
      text = renderGoTemplate(ref.spec, data(), source, { env: ctx.access.env });
    }
    try {
      patches.push(parsePatch(text, source));
    } catch (e) {
      throw e instanceof TalgenError ? e.withContext({ path: source }) : e;
    }
  }
  try {
    return applyPatches(docs, patches, { contract: ctx.contract, onWarning: ctx.onWarning }) as Doc[];
  } catch (e) {
    throw e instanceof TalgenError ? e.withContext({ path: refs.map((r) => r.label).join(', ') }) : e;
  }
}
