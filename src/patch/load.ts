import { resolve } from 'node:path';
import { parseDocument, Scalar, visit, type Document } from 'yaml';
import { TalgenError, type SourcePos } from '../core/errors.js';
import { LIMITS } from '../core/limits.js';
import { readInputFile } from '../core/read-input.js';
import { LineIndex } from '../load/sourcemap.js';
import { aliasError, offsetOf, type PathPart } from '../load/yaml.js';
import { parseAllWithinDepth } from '../load/yaml-depth.js';
import { LONE_SURROGATE_HINT, LONE_SURROGATE_MESSAGE, loneSurrogateAt } from '../load/yaml-unicode.js';
import { goDecodeTalosDocument } from '../model/go-decode.js';
import type { JsonPatchOp } from './json-patch.js';
import { parseJsonText, type JsonNode } from './json-text.js';
import type { Patch } from './types.js';
import { JSON_PATCH_HINT, yamlOps } from './yaml-ops.js';

/**
 * go-yaml's scanner swallows one empty line that directly follows a block scalar header carrying a comment
 * (`contents: | # note` + blank line): Talos reads such a value without its leading newline, so talgen does too.
 */
export function goYamlBlockQuirk(text: string): string {
  return text.replace(/(:[ \t]*[|>][-+0-9]*[ \t]+#[^\n]*\n)[ \t]*\n/g, '$1');
}

/**
 * A block scalar (`|`, `>`) that ends the text with no line break after its last line: go-yaml has no final line
 * break to clip or keep, the `yaml` package adds one. Talos reads `content: |` at the very end of a patch file (or
 * of an inline `|-` patch) as text without a trailing newline, so talgen does too.
 */
function goYamlBlockScalarAtEnd(doc: Document, text: string): void {
  if (/[\r\n]$/.test(text)) return;
  visit(doc, {
    Scalar(_, n) {
      const block = n.type === Scalar.BLOCK_LITERAL || n.type === Scalar.BLOCK_FOLDED;
      const value = n.value;
      if (!block || n.range?.[1] !== text.length || typeof value !== 'string' || !value.endsWith('\n')) return;
      n.value = n.source = value.slice(0, -1);
    },
  });
}

/**
 * The operations of a patch written as JSON: each member keeps its JSON text (the library decodes `op`, `path`
 * and `from` only when it applies them, and compares `value` by its text). A `null` item is an operation
 * without members.
 */
function jsonOps(ops: JsonNode[], source: string, locate: (op: number) => SourcePos | undefined): JsonPatchOp[] {
  return ops.map((op, i) => {
    if (op !== null && !(op instanceof Map))
      throw new TalgenError(`operation ${i} of the JSON patch is not an object`, { file: source, ...locate(i), hint: JSON_PATCH_HINT });
    return op ?? new Map();
  });
}

/** Where operation `i` of an RFC 6902 patch is written in `text` (a JSON text is YAML too), parsed when first asked. */
function opLocator(text: string, source: string, doc?: Document.Parsed): (op: number) => SourcePos | undefined {
  let lines: LineIndex | undefined;
  let parsed = doc;
  return (op) => {
    parsed ??= parseDocument(text);
    const off = offsetOf(parsed, [op]);
    return off === undefined ? undefined : { file: source, ...(lines ??= new LineIndex(text)).pos(off) };
  };
}

/**
 * One patch from its text, as Talos's LoadPatch decides: YAML mappings (possibly several documents) are a
 * strategic merge patch; a JSON array or a YAML list of `{op, path, value}` is RFC 6902.
 */
export function parsePatch(text: string, source: string): Patch {
  const key = `${source}\u0000${text}`;
  const hit = cache.get(key);
  if (hit) return hit;
  const patch = parsePatchUncached(text, source);
  if (cache.size > 512) cache.clear();
  cache.set(key, patch);
  return patch;
}

/** Parsed patches by (source, text): the same global patch is applied to every node of a repo. Patches are never mutated. */
const cache = new Map<string, Patch>();

function parsePatchUncached(text: string, source: string): Patch {
  const trimmed = text.trim();
  let jsonError: string | undefined;
  if (trimmed.startsWith('[')) {
    try {
      JSON.parse(trimmed);
      const locate = opLocator(text, source);
      return { kind: 'json6902', ops: jsonOps(parseJsonText(text, source) as JsonNode[], source, locate), source, locate };
    } catch (e) {
      if (e instanceof TalgenError) throw e;
      // Not JSON: Talos goes on to read it as YAML (a flow-style list of operations is fine there).
      jsonError = (e as Error).message;
    }
  }
  const yamlText = goYamlBlockQuirk(text);
  // Without prettyErrors (no line counter): it would quote the offending line in every error, quadratic on a long
  // line with thousands of errors.
  const parsed = parseAllWithinDepth(yamlText, source, { uniqueKeys: true });
  const docs: unknown[] = [];
  const sources: Document.Parsed[] = [];
  let lines: LineIndex | undefined;
  const at = (offset: number) => ({ file: source, ...(lines ??= new LineIndex(yamlText)).pos(offset) });
  for (const d of parsed) {
    const err = d.errors[0];
    if (err) {
      const p = at(err.pos[0]);
      if (jsonError !== undefined) {
        // JSON.parse names an offset ("at position N") in the trimmed text, or nothing: then YAML's error position
        const jp = /at position (\d+)/.exec(jsonError);
        const pos = jp ? new LineIndex(text).pos(text.length - text.trimStart().length + Number(jp[1])) : p;
        throw new TalgenError(`malformed JSON patch: ${jsonError}`, {
          file: source,
          ...pos,
          hint: 'a patch that starts with "[" is read as JSON (RFC 6902): fix the JSON, or write the operations as YAML',
        });
      }
      throw new TalgenError(err.message.split('\n')[0]!, { ...p, hint: 'the patch is not valid YAML' });
    }
    goYamlBlockScalarAtEnd(d, yamlText);
    const lone = loneSurrogateAt(d);
    if (lone !== undefined) throw new TalgenError(LONE_SURROGATE_MESSAGE, { ...at(lone), hint: LONE_SURROGATE_HINT });
    let v: unknown;
    try {
      v = d.toJS({ maxAliasCount: LIMITS.yamlAliases.max });
    } catch (e) {
      throw aliasError(e, d, at);
    }
    if (v === null || v === undefined) continue;
    if (Array.isArray(v)) {
      if (parsed.length > 1) {
        const other = parsed.find((x) => x !== d);
        throw new TalgenError('a JSON patch must be a single YAML document', {
          ...at(other?.range[0] ?? 0),
          hint: 'put the strategic merge part in a patch of its own',
        });
      }
      const locate = opLocator(yamlText, source, d);
      return { kind: 'json6902', ops: yamlOps(d, source, locate), source, locate };
    }
    if (typeof v !== 'object') {
      throw new TalgenError('a patch must be a mapping (strategic merge) or a list of operations (RFC 6902)', {
        ...at(d.contents?.range?.[0] ?? 0),
        hint: 'e.g. machine:\n  network:\n    hostname: foo (strategic merge), or - op: add\n  path: /machine/network/hostname\n  value: foo (RFC 6902)',
      });
    }
    // Talos decodes each document into its Go type: string fields keep the scalar's text, bools/ints follow go-yaml.
    docs.push(goDecodeTalosDocument(d, v, at));
    sources.push(d);
  }
  const locate = (doc: number, path: PathPart[]) => {
    const off = sources[doc] ? offsetOf(sources[doc], path, true) : undefined;
    return off === undefined ? undefined : at(off);
  };
  return { kind: 'strategic', docs, source, locate };
}

/**
 * `--config-patch` values as talosctl's LoadPatches reads them: `@file`, a bare path (no space or newline, not
 * starting with `[` or `{`), or inline YAML/JSON. RFC 6902 patches that follow each other are concatenated into
 * one (their sources joined with " + ").
 */
export function loadPatches(specs: string[], opts: { baseDir: string; readFile?: (p: string) => string }): Patch[] {
  const read = opts.readFile ?? ((p: string) => readInputFile(p, 'patch file'));
  const out: Patch[] = [];
  specs.forEach((spec, i) => {
    let path: string | undefined;
    if (spec.startsWith('@')) path = spec.slice(1);
    else if (!/[\n ]/.test(spec) && !spec.startsWith('[') && !spec.startsWith('{')) path = spec;
    let patch: Patch;
    if (path === undefined) {
      patch = parsePatch(spec, specs.length > 1 ? `inline patch #${i + 1}` : 'inline patch');
    } else {
      const file = resolve(opts.baseDir, path);
      let text: string;
      try {
        text = read(file);
      } catch (e) {
        const hint = spec.startsWith('@')
          ? 'paths are relative to the current directory'
          : 'a patch without a space or newline is read as a file name; quote inline patches that are meant literally';
        if (e instanceof TalgenError) throw e.withContext({ hint });
        const code = (e as NodeJS.ErrnoException).code;
        throw new TalgenError(code === 'ENOENT' ? `patch file not found: ${file}` : `cannot read patch file ${file}: ${(e as Error).message}`, { hint });
      }
      patch = parsePatch(text, path);
    }
    const last = out[out.length - 1];
    if (patch.kind === 'json6902' && last?.kind === 'json6902') {
      out[out.length - 1] = { kind: 'json6902', ops: [...last.ops, ...patch.ops], source: `${last.source} + ${patch.source}` };
    } else out.push(patch);
  });
  return out;
}
