import type { Contract } from '../core/contract.js';
import { TalgenError } from '../core/errors.js';
import { issueText } from '../core/issue.js';
import { toIssue, type Mode, type ValidationIssue } from './issues.js';
import { validateSemantics } from './rules.js';
import { newerKindWarnings, validateSchema } from './schema.js';

export { MODES, toIssue, type Mode, type ValidationIssue } from './issues.js';
export { validateSemantics } from './rules.js';
export { validateSchema } from './schema.js';

/**
 * Schema + semantic validation of a rendered config; all issues, errors first. `schema: false` (genconfig, whose
 * model checks structure and types while rendering) keeps only a warning for document kinds newer than the contract.
 */
export function validateConfig(docs: unknown[], opts: { contract: Contract; mode: Mode; strict?: boolean; schema?: boolean }): ValidationIssue[] {
  const schema = opts.schema === false ? newerKindWarnings(docs, opts.contract) : validateSchema(docs, opts.contract);
  const issues = [...schema, ...validateSemantics(docs, opts.mode, opts.contract)];
  if (opts.strict) for (const i of issues) i.severity = 'error';
  return issues.sort((a, b) => (a.severity === b.severity ? 0 : a.severity === 'error' ? -1 : 1));
}

/** Validate and throw one TalgenError listing every error (warnings go to `onWarning`). */
export function checkRendered(
  docs: unknown[],
  opts: { contract: Contract; mode: Mode; strict?: boolean; schema?: boolean; source: string; onWarning?: (msg: string) => void },
): void {
  const issues = validateConfig(docs, opts);
  const errors = issues.filter((i) => i.severity === 'error');
  for (const w of issues.filter((i) => i.severity === 'warning')) opts.onWarning?.(issueText(toIssue(w, { path: opts.source })));
  if (errors.length) {
    const [first, ...rest] = errors;
    const more = rest.length ? `\n${rest.map((e) => `  ${issueText(toIssue(e))}`).join('\n')}` : '';
    throw new TalgenError(`invalid config for "${opts.mode}" mode: ${issueText(toIssue(first!))}${more}`, {
      path: opts.source,
      hint: 'this is the rendered config of the node, after every patch: change the talconfig field or the patch that sets this value',
    });
  }
}
