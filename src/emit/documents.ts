import { isMap, parseAllDocuments, parseDocument, type Document } from 'yaml';

/** Which document of a YAML stream this is: `apiVersion`/`kind`/`name` as far as the document has them. */
export interface DocumentId {
  /** `apiVersion`, or `version` for Talos's v1alpha1 machine config document. */
  apiVersion: string | null;
  kind: string | null;
  /** `name` (Talos documents) or `metadata.namespace/metadata.name` (Kubernetes manifests). */
  name: string | null;
}

export interface StreamDocument {
  id: DocumentId;
  /** `v1alpha1/LinkConfig/eth0`; `document N` for a document without any of the three. */
  label: string;
  /** The document's text, its `---` line included. */
  text: string;
}

const SEPARATOR = /^---(?:[ \t].*)?$/;

function field(v: unknown): string | null {
  return typeof v === 'string' && v !== '' ? v : null;
}

function identify(d: Document): DocumentId {
  if (d.errors.length || !isMap(d.contents)) return { apiVersion: null, kind: null, name: null };
  const metaName = field(d.getIn(['metadata', 'name']));
  const ns = field(d.getIn(['metadata', 'namespace']));
  return {
    apiVersion: field(d.get('apiVersion')) ?? field(d.get('version')),
    kind: field(d.get('kind')),
    name: field(d.get('name')) ?? (metaName && ns ? `${ns}/${metaName}` : metaName),
  };
}

/** Lines of a text as they are counted in a diff (a final line without `\n` counts). */
export function lineCount(text: string): number {
  return text === '' ? 0 : text.split('\n').length - (text.endsWith('\n') ? 1 : 0);
}

/**
 * A YAML stream cut into its documents at `---` lines (go-yaml writes one before every document after the first), each
 * identified. A chunk without content (only comments) stays with the document before it. Throws nothing: the caller
 * decides what text is YAML; an unparsable chunk is identified as `document N`.
 */
export function splitDocuments(text: string): StreamDocument[] {
  const chunks: string[] = [];
  let current: string[] = [];
  const lines = text.split(/(?<=\n)/);
  for (const l of lines) {
    if (SEPARATOR.test(l.replace(/\r?\n$/, '')) && current.length) {
      chunks.push(current.join(''));
      current = [];
    }
    current.push(l);
  }
  if (current.length) chunks.push(current.join(''));
  const docs: StreamDocument[] = [];
  for (const chunk of chunks) {
    const parsed = parseDocument(chunk, { schema: 'failsafe', uniqueKeys: false });
    const empty = !parsed.errors.length && parsed.contents === null;
    const prev = docs[docs.length - 1];
    if (empty && prev) prev.text += chunk;
    else {
      const id = identify(parsed);
      const label = [id.apiVersion, id.kind, id.name].filter(Boolean).join('/') || `document ${docs.length + 1}`;
      docs.push({ id, label, text: chunk });
    }
  }
  return docs;
}

/** The first parse error of a YAML stream (one line), or undefined when every document parses. */
export function yamlError(text: string): string | undefined {
  const docs = parseAllDocuments(text, { schema: 'failsafe', uniqueKeys: false });
  const list = Array.isArray(docs) ? docs : [];
  return list
    .flatMap((d) => d.errors)[0]
    ?.message.split('\n')[0]
    ?.replace(/:$/, '');
}
