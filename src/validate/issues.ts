import type { Issue, Locator } from '../core/issue.js';

/** One finding of config validation: which document, which field, which rule. */
export interface ValidationIssue {
  severity: 'error' | 'warning';
  /** Document id: `v1alpha1` or `<Kind>[/<name>]`. */
  doc: string;
  /** Dotted path inside the document, e.g. `machine.install.disk`. */
  path: string;
  /** Short stable rule id, e.g. `install-required`. */
  rule: string;
  message: string;
}

/** Reports one finding on the v1alpha1 document: dotted path, rule id, message. */
export type Report = (path: string, rule: string, message: string) => void;

export type Mode = 'metal' | 'cloud' | 'container';

export const MODES: readonly Mode[] = ['metal', 'cloud', 'container'];

/** A rendered-config finding as an Issue (printed by core's one formatter): document and field form the path. */
export function toIssue(i: ValidationIssue, where: Locator = {}): Issue {
  return { severity: i.severity, message: `${i.message} [${i.rule}]`, at: { ...where, path: [where.path, i.doc, i.path].filter(Boolean).join(': ') } };
}

export function docId(doc: Record<string, unknown>): string {
  if (doc.kind === undefined) return 'v1alpha1';
  return typeof doc.name === 'string' ? `${String(doc.kind)}/${doc.name}` : String(doc.kind);
}
