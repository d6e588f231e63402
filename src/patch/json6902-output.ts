/**
 * Talos's configpatcher holds the result of an RFC 6902 patch as the YAML bytes ghodss/yaml's JSONToYAML wrote
 * (every mapping a Go map, so keys sorted; JSON values, so a file mode is a plain number) until a strategic merge
 * patch decodes them into the config again. talhelper writes those bytes when the last patch it applied to a node
 * was RFC 6902. A v1alpha1 document in that state carries this mark (non-enumerable, so any copy drops it).
 */
const HELD_AS_JSON6902_OUTPUT = Symbol('held as RFC 6902 output bytes');

type Obj = Record<string, unknown>;

export function markJson6902Output(doc: Obj): Obj {
  const held = { ...doc };
  Object.defineProperty(held, HELD_AS_JSON6902_OUTPUT, { value: true });
  return held;
}

export function isJson6902Output(doc: unknown): boolean {
  return typeof doc === 'object' && doc !== null && HELD_AS_JSON6902_OUTPUT in doc;
}

/** After any other patch the config is decoded again: the document loses the mark. */
export function decodedAgain(doc: Obj): Obj {
  return isJson6902Output(doc) ? { ...doc } : doc;
}
