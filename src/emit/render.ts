import type { Contract } from '../core/contract.js';
import { normalizeDocument } from '../model/normalize.js';
import { encodeDocuments, type GoYamlFlavor } from './goyaml.js';

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
  return encodeDocuments(
    docs.map((d) => normalizeDocument(d, contract)),
    FORMATS[format],
  );
}
