import { readFileSync } from 'node:fs';
import { parseAllDocuments, type Document, type Node } from 'yaml';
import { parseVersion, SUPPORTED_CONTRACTS, LATEST_CONTRACT, type Contract } from '../core/contract.js';
import { TalgenError } from '../core/errors.js';
import type { Issue, Locator } from '../core/issue.js';
import { LineIndex } from '../load/sourcemap.js';
import { parsePath } from '../load/yaml.js';
import { goDecodeTalosDocument } from '../model/go-decode.js';
import { validateConfig, type Mode, type ValidationIssue } from './index.js';
import { docId, toIssue } from './issues.js';

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

/** file:line:col of a finding: its field in its document, else the closest ancestor that is written. */
function locate(file: string, lines: LineIndex, byId: Map<string, Document.Parsed>, i: ValidationIssue): Locator {
  const d = byId.get(i.doc);
  if (!d) return { file };
  for (let parts = parsePath(i.path); ; parts = parts.slice(0, -1)) {
    const node = (parts.length ? d.getIn(parts, true) : d.contents) as Node | undefined;
    if (node?.range) return { file, ...lines.pos(node.range[0]) };
    if (!parts.length) return { file };
  }
}

/** `talgen validate nodeconfig FILE…`: strict load of a rendered machine config, then schema + Talos rules, positioned. */
export function validateNodeConfigFile(file: string, mode: Mode, strict: boolean): Issue[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    throw new TalgenError('file not found', { file });
  }
  const parsed = parseAllDocuments(text, { uniqueKeys: true });
  const docs: Record<string, unknown>[] = [];
  const lines = new LineIndex(text);
  const at = (offset: number) => ({ file, ...lines.pos(offset) });
  const byId = new Map<string, Document.Parsed>();
  for (const d of Array.isArray(parsed) ? parsed : [parsed]) {
    const err = d.errors[0];
    if (err) {
      const [line, col] = err.linePos?.[0] ? [err.linePos[0].line, err.linePos[0].col] : [undefined, undefined];
      throw new TalgenError(err.message.split('\n')[0]!, { file, line, col, hint: 'fix the YAML syntax' });
    }
    const v = d.toJS();
    if (v === null || v === undefined) continue;
    if (typeof v !== 'object' || Array.isArray(v)) throw new TalgenError('document is not a mapping', { file });
    const decoded = goDecodeTalosDocument(d, v, at) as Record<string, unknown>;
    docs.push(decoded);
    byId.set(docId(decoded), d);
  }
  if (!docs.length) throw new TalgenError('no documents in file', { file });
  return validateConfig(docs, { contract: contractOf(docs), mode, strict }).map((i) => toIssue(i, locate(file, lines, byId, i)));
}
