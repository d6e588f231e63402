import { docSchemaFor, isV1Alpha1 } from '../model/registry.js';

/**
 * Talos document id as configpatcher computes it: `apiVersion/kind`, plus `/name` for named kinds. The legacy
 * v1alpha1 document has no apiVersion and the kind `v1alpha1`, so its id is `/v1alpha1`.
 */
export function documentId(doc: Record<string, unknown>): string {
  if (doc.kind === undefined && isV1Alpha1(doc)) return '/v1alpha1';
  const base = `${String(doc.apiVersion ?? '')}/${String(doc.kind ?? '')}`;
  const named = docSchemaFor(doc)?.named ?? typeof doc.name === 'string';
  return named ? `${base}/${String(doc.name ?? '')}` : base;
}
