import { compareContracts, parseContract, type Contract } from '../core/contract.js';
import { normalizeDocument } from '../model/normalize.js';
import { heldJson6902Output, isJson6902Output } from '../patch/json6902-output.js';
import { encodeDocuments, GoYamlScalar, type GoYamlFlavor } from './goyaml.js';

/**
 * `talos`: Talos's own encoding (4-space indent). `talhelper`: talhelper's final yaml.v3 re-encode (2-space) of what
 * its Talos machinery (v1.14.0-alpha.2, go-yaml v4 rc.5) wrote, whatever the contract.
 */
export type OutputFormat = 'talos' | 'talhelper';

/**
 * The go-yaml release Talos prints with, by contract (newest first; the first row whose contract is reached
 * wins): v1.14 builds with go.yaml.in/yaml/v4 v4.0.0-rc.6, which single-quotes YAML 1.1 bool words (`'off'`).
 */
const TALOS_YAML: readonly { since: string; flavor: GoYamlFlavor }[] = [
  { since: 'v1.14', flavor: 'v4' },
  { since: 'v1.3', flavor: 'v4-rc4' },
];

const FORMATS: Record<OutputFormat, (contract: Contract) => { indent: number; flavor: GoYamlFlavor }> = {
  talos: (contract) => ({ indent: 4, flavor: TALOS_YAML.find((r) => compareContracts(contract, parseContract(r.since)) >= 0)!.flavor }),
  talhelper: () => ({ indent: 2, flavor: 'v3-reencode' }),
};

/**
 * Final encoding of a machine config: every document re-typed through the model (Talos struct order, omitempty,
 * sorted maps) and printed as go-yaml does.
 */
export function renderConfig(docs: unknown[], contract: Contract, format: OutputFormat = 'talos'): string {
  if (format === 'talhelper' && docs.length === 1 && isJson6902Output(docs[0])) {
    // yaml.v2 (inside JSONToYAML) chose the scalar styles, as yaml.v3 would; talhelper's re-encode keeps them.
    return encodeDocuments([goMapsOf(heldJson6902Output(docs[0]))], { indent: FORMATS.talhelper(contract).indent, flavor: 'v3' });
  }
  return encodeDocuments(
    docs.map((d) => normalizeDocument(d, contract)),
    FORMATS[format](contract),
  );
}

/** A JSON value as JSONToYAML hands it to yaml.v2: every object a Go map (the encoder sorts its keys). */
function goMapsOf(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(goMapsOf);
  if (v && typeof v === 'object' && !(v instanceof GoYamlScalar)) return new Map(Object.entries(v).map(([k, x]) => [k, goMapsOf(x)]));
  return v;
}
