import type { Contract } from '../core/contract.js';
import { TalgenError } from '../core/errors.js';
import { normalizeDocument } from './normalize.js';

/** `prefix` + `rest` as one dotted path (`[i]` indexes join without a dot). */
function joinPath(prefix: string | undefined, rest: string | undefined): string | undefined {
  if (!prefix) return rest;
  if (!rest) return prefix;
  return rest.startsWith('[') ? `${prefix}${rest}` : `${prefix}.${rest}`;
}

/**
 * Talos strict decoding of one config document, without producing output: an unknown field (also one the
 * contract does not have yet), a value of the wrong type or an unknown kind is a TalgenError naming the field.
 * `path` prefixes the field paths in errors (e.g. where the document sits in talconfig: `patches[2]`).
 */
export function checkDocument(doc: unknown, path?: string, contract?: Contract): void {
  try {
    normalizeDocument(doc, contract);
  } catch (e) {
    if (!(e instanceof TalgenError)) throw e;
    throw new TalgenError(e.message, {
      file: e.file,
      line: e.line,
      col: e.col,
      path: joinPath(path, e.path),
      hint: e.hint,
      exitCode: e.exitCode,
    });
  }
}
