import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { TalgenError } from '../core/errors.js';
import type { Patch } from './types.js';
import type { Operation } from 'fast-json-patch';

/**
 * go-yaml's scanner swallows one empty line that directly follows a block scalar header carrying a comment
 * (`contents: | # note` + blank line): Talos reads such a value without its leading newline, so talgen does too.
 */
export function goYamlBlockQuirk(text: string): string {
  return text.replace(/(:[ \t]*[|>][-+0-9]*[ \t]+#[^\n]*\n)[ \t]*\n/g, '$1');
}

const OPS = new Set(['add', 'remove', 'replace', 'move', 'copy', 'test']);

function checkOps(v: unknown, source: string): Operation[] {
  if (!Array.isArray(v)) throw new TalgenError('a JSON patch must be a list of operations', { path: source });
  v.forEach((op, i) => {
    const o = op as Record<string, unknown>;
    if (!o || typeof o !== 'object' || !OPS.has(String(o.op))) {
      throw new TalgenError(`operation ${i}: "op" must be one of ${[...OPS].join(', ')}`, { path: source, hint: 'RFC 6902: - op: replace\\n  path: /machine/network/hostname\\n  value: foo' });
    }
    if (typeof o.path !== 'string' || (o.path !== '' && !o.path.startsWith('/'))) {
      throw new TalgenError(`operation ${i}: "path" must be a JSON pointer like /machine/install/disk`, { path: source });
    }
    if (['add', 'replace', 'test'].includes(String(o.op)) && !('value' in o)) throw new TalgenError(`operation ${i} (${String(o.op)}) needs a value`, { path: source });
    if (['move', 'copy'].includes(String(o.op)) && typeof o.from !== 'string') throw new TalgenError(`operation ${i} (${String(o.op)}) needs "from"`, { path: source });
  });
  return v as Operation[];
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
  if (trimmed.startsWith('[')) {
    let v: unknown;
    try {
      v = JSON.parse(trimmed);
    } catch (e) {
      throw new TalgenError(`malformed JSON patch: ${(e as Error).message}`, { path: source });
    }
    return { kind: 'json6902', ops: checkOps(v, source), source };
  }
  const parsed = parseAllDocuments(goYamlBlockQuirk(text), { uniqueKeys: true });
  const docs: Record<string, unknown>[] = [];
  for (const d of Array.isArray(parsed) ? parsed : [parsed]) {
    const err = d.errors[0];
    if (err) {
      const p = err.linePos?.[0];
      throw new TalgenError(err.message.split('\n')[0]!, { path: source, line: p?.line, col: p?.col, hint: 'the patch is not valid YAML' });
    }
    const v = d.toJS({ maxAliasCount: 1000 }) as unknown;
    if (v === null || v === undefined) continue;
    if (Array.isArray(v)) {
      if (parsed.length > 1) throw new TalgenError('a JSON patch must be a single YAML document', { path: source });
      return { kind: 'json6902', ops: checkOps(v, source), source };
    }
    if (typeof v !== 'object') throw new TalgenError('a patch must be a mapping (strategic merge) or a list of operations (RFC 6902)', { path: source });
    docs.push(v as Record<string, unknown>);
  }
  return { kind: 'strategic', docs, source };
}

/**
 * `--config-patch` values as talosctl reads them: `@file`, a bare path (no space/newline, not starting with `[`
 * or `{`), or inline YAML/JSON.
 */
export function loadPatches(specs: string[], opts: { baseDir: string; readFile?: (p: string) => string }): Patch[] {
  const read = opts.readFile ?? ((p: string) => readFileSync(p, 'utf8'));
  return specs.map((spec) => {
    let path: string | undefined;
    if (spec.startsWith('@')) path = spec.slice(1);
    else if (!/[\s]/.test(spec) && !spec.startsWith('[') && !spec.startsWith('{')) path = spec;
    if (path === undefined) return parsePatch(spec, 'inline patch');
    const file = resolve(opts.baseDir, path);
    let text: string;
    try {
      text = read(file);
    } catch {
      throw new TalgenError(`patch file not found: ${file}`, { hint: 'use @path/to/patch.yaml (relative to the current directory)' });
    }
    return parsePatch(text, path);
  });
}
