/**
 * Talos's configpatcher holds the result of an RFC 6902 patch as the YAML bytes ghodss/yaml's JSONToYAML wrote
 * (every mapping a Go map, so keys sorted; JSON values, so a file mode is a plain number and `1` stays a number even
 * where the Go field is a string) until a strategic merge patch decodes them into the config again. talhelper writes
 * those bytes when the last patch it applied to a node was RFC 6902. A v1alpha1 document in that state carries the
 * patched JSON value under this mark (non-enumerable, so any copy drops it); the document itself is the decoded config.
 */
const HELD_AS_JSON6902_OUTPUT = Symbol('held as RFC 6902 output bytes');

type Obj = Record<string, unknown>;

/** The decoded document `doc`, marked as held by Talos as the RFC 6902 result `held` (the patched JSON value). */
export function markJson6902Output(doc: Obj, held: unknown): Obj {
  const marked = { ...doc };
  Object.defineProperty(marked, HELD_AS_JSON6902_OUTPUT, { value: held });
  return marked;
}

/** The RFC 6902 result a document is held as, if it is. */
export function heldJson6902Output(doc: unknown): unknown {
  return typeof doc === 'object' && doc !== null && HELD_AS_JSON6902_OUTPUT in doc ? (doc as Record<symbol, unknown>)[HELD_AS_JSON6902_OUTPUT] : undefined;
}

export function isJson6902Output(doc: unknown): boolean {
  return heldJson6902Output(doc) !== undefined;
}

/** After any other patch the config is decoded again: the document loses the mark. */
export function decodedAgain(doc: Obj): Obj {
  return isJson6902Output(doc) ? { ...doc } : doc;
}
