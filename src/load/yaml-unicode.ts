import { isScalar, visit, type Document } from 'yaml';

/** A UTF-16 surrogate without its partner (what a `"\ud800"` escape decodes to in JavaScript). */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

export const LONE_SURROGATE_MESSAGE = 'YAML: a "\\u" escape names a UTF-16 surrogate, which is not a character';
export const LONE_SURROGATE_HINT = "Go's YAML decoder (talhelper, Talos) refuses such escapes; write the character itself";

/**
 * Whether the document parsed from `text` can hold a lone surrogate at all: only a `\u`/`\U` escape makes one (a
 * text read from a file has none of its own), so most texts need no walk of their document.
 */
export function mayHoldLoneSurrogate(text: string): boolean {
  return /\\[uU]/.test(text) || LONE_SURROGATE.test(text);
}

/** The offset of the first scalar (key or value) holding a lone surrogate, or undefined. */
export function loneSurrogateAt(doc: Document): number | undefined {
  let found: number | undefined;
  visit(doc, {
    Scalar(_, node) {
      if (isScalar(node) && typeof node.value === 'string' && LONE_SURROGATE.test(node.value)) {
        found = node.range?.[0] ?? 0;
        return visit.BREAK;
      }
      return undefined;
    },
  });
  return found;
}
