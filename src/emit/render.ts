import type { Contract } from '../core/contract.js';
import { normalizeDocument } from '../model/normalize.js';
import { encodeDocuments } from './goyaml.js';

/**
 * Final encoding of a machine config: every document re-typed through the model (Talos struct order, omitempty,
 * sorted maps) and printed as go-yaml does. `indent: 4` is Talos's own form, `indent: 2` talhelper's re-encode.
 */
export function renderConfig(docs: unknown[], contract: Contract, opts: { indent: 2 | 4 }): string {
  return encodeDocuments(
    docs.map((d) => normalizeDocument(d, contract)),
    { indent: opts.indent },
  );
}
