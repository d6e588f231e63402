import { isV1Alpha1 } from '../model/registry.js';

/** Talos document id: `/v1alpha1` for the legacy document, else `apiVersion/kind[/name]`. */
export function documentId(doc: Record<string, unknown>): string {
  if (doc.kind === undefined && isV1Alpha1(doc)) return '/v1alpha1';
  const base = `${String(doc.apiVersion ?? '')}/${String(doc.kind ?? '')}`;
  return typeof doc.name === 'string' ? `${base}/${doc.name}` : base;
}
