import { readFileSync } from 'node:fs';
import { parseAllDocuments } from 'yaml';
import { parseVersion, SUPPORTED_CONTRACTS, LATEST_CONTRACT, type Contract } from '../core/contract.js';
import { TalgenError } from '../core/errors.js';
import { validateConfig, type Mode, type ValidationIssue } from './index.js';

/**
 * Guess the contract a rendered config was made for: the installer image tag when present, else the newest.
 * (Only `since` checks of document kinds depend on it.)
 */
function contractOf(docs: Record<string, unknown>[]): Contract {
  const v1 = docs.find((d) => d.kind === undefined);
  const image = ((v1?.machine as Record<string, unknown> | undefined)?.install as Record<string, unknown> | undefined)?.image;
  const tag = typeof image === 'string' ? image.split(':').pop() : undefined;
  const v = tag ? parseVersion(tag) : undefined;
  return (v && SUPPORTED_CONTRACTS.find((c) => c.major === v.major && c.minor === v.minor)) || LATEST_CONTRACT;
}

/** `talgen validate nodeconfig FILE…`: strict load of a rendered machine config, then schema + Talos rules. */
export function validateNodeConfigFile(file: string, mode: Mode, strict: boolean): ValidationIssue[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    throw new TalgenError('file not found', { file });
  }
  const parsed = parseAllDocuments(text, { uniqueKeys: true });
  const docs: Record<string, unknown>[] = [];
  for (const d of Array.isArray(parsed) ? parsed : [parsed]) {
    const err = d.errors[0];
    if (err) {
      const [line, col] = err.linePos?.[0] ? [err.linePos[0].line, err.linePos[0].col] : [undefined, undefined];
      throw new TalgenError(err.message.split('\n')[0]!, { file, line, col, hint: 'fix the YAML syntax' });
    }
    const v = d.toJS();
    if (v === null || v === undefined) continue;
    if (typeof v !== 'object' || Array.isArray(v)) throw new TalgenError('document is not a mapping', { file });
    docs.push(v as Record<string, unknown>);
  }
  if (!docs.length) throw new TalgenError('no documents in file', { file });
  return validateConfig(docs, { contract: contractOf(docs), mode, strict });
}

