import { compareContracts, parseContract, type Contract } from '../core/contract.js';
import { normalizeDocument } from '../model/normalize.js';
import { encodeDocuments, type GoYamlFlavor } from './goyaml.js';

/** `talos`: Talos's own encoding (4-space indent). `talhelper`: talhelper's final yaml.v3 re-encode (2-space). */
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
  talhelper: () => ({ indent: 2, flavor: 'v3' }),
};

/**
 * Final encoding of a machine config: every document re-typed through the model (Talos struct order, omitempty,
 * sorted maps) and printed as go-yaml does.
 */
export function renderConfig(docs: unknown[], contract: Contract, format: OutputFormat = 'talos'): string {
  return encodeDocuments(
    docs.map((d) => normalizeDocument(d, contract)),
    FORMATS[format](contract),
  );
}
