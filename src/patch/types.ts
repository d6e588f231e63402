import type { JsonPatchOp } from './json-patch.js';

/**
 * A loaded config patch: Talos strategic merge (one or more documents, `$patch: delete` directives still in
 * place) or an RFC 6902 operation list (each operation's members as JSON, see json-patch.ts). `source` names where it came from, for errors.
 */
export type Patch =
  | { kind: 'strategic'; docs: unknown[]; source: string }
  | { kind: 'json6902'; ops: JsonPatchOp[]; source: string };
