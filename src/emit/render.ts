import type { Contract } from '../core/contract.js';
import { normalizeDocument } from '../model/normalize.js';
import { heldJson6902Output, isJson6902Output } from '../patch/json6902-output.js';
import { encodeDocuments, GoYamlScalar, type GoYamlFlavor } from './goyaml.js';

/**
 * `talos`: Talos's own encoding (4-space indent). `talhelper`: talhelper's final yaml.v3 re-encode (2-space) of what
 * its Talos machinery (v1.14.0-alpha.2, go-yaml v4 rc.5) wrote, whatever the contract.
 */
export type OutputFormat = 'talos' | 'talhelper';

const FORMATS: Record<OutputFormat, { indent: number; flavor: GoYamlFlavor }> = {
  talos: { indent: 4, flavor: 'v4-rc4' },
  talhelper: { indent: 2, flavor: 'v3-reencode' },
};

/**
 * Final encoding of a machine config: every document re-typed through the model (Talos struct order, omitempty,
 * sorted maps) and printed as go-yaml does.
 */
export function renderConfig(docs: unknown[], contract: Contract, format: OutputFormat = 'talos'): string {
  if (format === 'talhelper' && docs.length === 1 && isJson6902Output(docs[0])) {
    // yaml.v2 (inside JSONToYAML) chose the scalar styles, as yaml.v3 would; talhelper's re-encode keeps them.
    return encodeDocuments([goMapsOf(heldJson6902Output(docs[0]))], { indent: FORMATS.talhelper.indent, flavor: 'v3' });
  }
  return encodeDocuments(
    docs.map((d) => normalizeDocument(d, contract)),
    FORMATS[format],
  );
}

/** A JSON value as JSONToYAML hands it to yaml.v2: every object a Go map (the encoder sorts its keys). */
function goMapsOf(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(goMapsOf);
  if (v && typeof v === 'object' && !(v instanceof GoYamlScalar)) return new Map(Object.entries(v).map(([k, x]) => [k, goMapsOf(x)]));
  return v;
}
