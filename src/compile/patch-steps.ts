import { statSync } from 'node:fs';
import type { Contract } from '../core/contract.js';
import { TalgenError } from '../core/errors.js';
import { readInputFile } from '../core/read-input.js';
import { parsePath, parseYamlText } from '../load/yaml.js';
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

/** What the batch knows about each patch it parsed, by `Patch.source`. */
interface Origin {
  ref: PatchRef;
  /** The patch file and its text as parsed (after templating and substitution); none for inline patches. */
  file?: string;
  text?: string;
}

/**
 * An error of a patch with its real place: in a patch file, file:line:col of the field it names (single-document
 * YAML patches); for an inline patch, the talconfig entry that holds it. The talconfig label becomes the path.
 */
function relocate(e: TalgenError, origins: Map<string, Origin>): TalgenError {
  const o = e.file !== undefined ? origins.get(e.file) : undefined;
  if (!o) return e.withContext({ path: [...origins.values()].map((x) => x.ref.label).join(', ') });
  const path = e.path ? `${o.ref.label}: ${e.path}` : o.ref.label;
  if (!o.file) return new TalgenError(e.message, { ...o.ref.at, path, hint: e.hint, exitCode: e.exitCode });
  let pos: { line?: number; col?: number } = { line: e.line, col: e.col };
  if (e.line === undefined && e.path && o.text !== undefined) {
    try {
      const p = parseYamlText(o.text, o.file).positionOf(parsePath(e.path));
      pos = { line: p.line, col: p.col };
    } catch {
      // A multi-document or unparsable patch: the file alone locates the error.
    }
  }
  return new TalgenError(e.message, { file: o.file, ...pos, path, hint: e.hint, exitCode: e.exitCode });
}

/** Per run (its SourceAccess), whether each patch file read so far is blank: every node reads the same files. */
const blankFiles = new WeakMap<SourceAccess, Map<string, boolean>>();

/** An empty or whitespace-only patch file, which talhelper skips; a missing or unreadable one is an error at its talconfig entry. */
function isBlankPatchFile(file: string, ref: PatchRef, access: SourceAccess): boolean {
  let known = blankFiles.get(access);
  if (!known) blankFiles.set(access, (known = new Map()));
  let blank = known.get(file);
  if (blank === undefined) {
    let size: number;
    try {
      size = statSync(file).size;
    } catch {
      throw new TalgenError(`patch file not found: ${file}`, { ...ref.at, hint: 'paths after "@" are relative to the talconfig directory' });
    }
    blank = size === 0 || readInputFile(file, 'patch file', ref.at).trim() === '';
    known.set(file, blank);
  }
  return blank;
}

/**
 * One talhelper patch batch (`controlPlane/worker` + node patches, or the global `patches`): every patch is
 * rendered as a Go template against the config *before* the batch, `@file` patches are decrypted and env-
 * substituted, then all are applied with Talos semantics. Errors name the patch file with line:col (or the
 * talconfig entry of an inline patch) and the step (`nodes[2].patches[1]`).
 */
export async function applyPatchBatch(
  docs: Doc[],
  refs: PatchRef[],
  ctx: { contract: Contract; access: SourceAccess; onWarning: (m: string) => void },
): Promise<Doc[]> {
  if (!refs.length) return docs;
  // Template data is the config before this batch; snapshot it only if a patch actually has a template.
  let snapshot: GoStruct | undefined;
  const data = () => (snapshot ??= v1alpha1TemplateData(structuredClone(docs[0]!)));
  const render = (text: string, source: string, file?: string) =>
    text.includes('{{') ? renderGoTemplate(text, data(), source, { file, env: ctx.access.env }) : text;
  const patches: Patch[] = [];
  const origins = new Map<string, Origin>();
  for (const ref of refs) {
    let text: string;
    let source: string;
    if (ref.spec.startsWith('@')) {
      const file = ref.spec.slice(1);
      source = file;
      if (isBlankPatchFile(file, ref, ctx.access)) continue;
      const raw = await ctx.access.readText(file);
      text = ctx.access.substitute(render(raw, source, file), file);
      origins.set(source, { ref, file, text });
    } else {
      source = ref.label;
      text = render(ref.spec, source);
      origins.set(source, { ref });
    }
    try {
      patches.push(parsePatch(text, source));
    } catch (e) {
      throw e instanceof TalgenError ? relocate(e, origins) : e;
    }
  }
  try {
    return applyPatches(docs, patches, { contract: ctx.contract, onWarning: ctx.onWarning }) as Doc[];
  } catch (e) {
    throw e instanceof TalgenError ? relocate(e, origins) : e;
  }
}
