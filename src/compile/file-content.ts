import { isMap, isScalar, isSeq, parseAllDocuments, type Node } from 'yaml';
import { checkYamlDepth } from '../load/yaml-depth.js';
import { TalgenError } from '../core/errors.js';
import { encodeDocuments, GoYamlScalar, resolveGoYamlTag } from '../emit/goyaml.js';
import { substitute, type Env } from '../substitute/index.js';

/** Scalar styles as go-yaml's node encoder keeps them (folded text is written as go-yaml chooses for the string). */
const STYLE: Record<string, 'double' | 'single' | 'literal' | undefined> = { QUOTE_DOUBLE: 'double', QUOTE_SINGLE: 'single', BLOCK_LITERAL: 'literal' };

/** A parsed node as the value go-yaml v3 re-encodes from its `yaml.Node` tree: order, scalar text and style kept. */
function nodeValue(n: Node | null): unknown {
  if (n === null) return null;
  if (isMap(n)) {
    const out: Record<string, unknown> = {};
    for (const p of n.items) out[String(isScalar(p.key) ? (p.key.source ?? p.key.value) : p.key)] = nodeValue(p.value as Node | null);
    return out;
  }
  if (isSeq(n)) return n.items.map((i) => nodeValue(i as Node | null));
  if (isScalar(n)) {
    const text = String(n.source ?? n.value ?? '');
    const style = STYLE[n.type ?? ''];
    if (style) return new GoYamlScalar(text, '!!str', style);
    if (n.type === 'BLOCK_FOLDED') return text;
    const tag = resolveGoYamlTag(text, 'v3');
    return tag === '!!merge' ? text : new GoYamlScalar(text, tag as GoYamlScalar['tag'], 'plain');
  }
  return (n as { toJSON(): unknown }).toJSON();
}

/**
 * talhelper's SubstituteFileContent for an `@file` value read with envsubst: the YAML is decoded and re-encoded by
 * go-yaml v3 (indent 2) with every comment removed — which also drops document markers before the first document —
 * and then env-substituted. Files that are not YAML fail like they do in talhelper.
 */
export function substituteFileContent(text: string, env: Env, file: string): string {
  checkYamlDepth(text, file);
  const docs = parseAllDocuments(text, { schema: 'failsafe', uniqueKeys: false });
  const list = Array.isArray(docs) ? docs : [docs];
  for (const d of list) {
    const e = d.errors[0];
    if (e)
      throw new TalgenError(`YAML: ${e.message.split('\n')[0]}`, {
        file,
        line: e.linePos?.[0]?.line,
        col: e.linePos?.[0]?.col,
        hint: 'talhelper strips comments of env-substituted files by re-encoding them as YAML; set skipEnvsubst: true for other content',
      });
  }
  const stripped = list.map((d) => (d.contents === null ? '' : encodeDocuments([nodeValue(d.contents as Node)], { indent: 2, flavor: 'v3' }))).join('---\n');
  return substitute(stripped, env, file);
}
