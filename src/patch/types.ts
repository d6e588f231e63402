import type { Operation } from 'fast-json-patch';

/**
 * A loaded config patch: Talos strategic merge (one or more documents, `$patch: delete` directives still in
 * place) or an RFC 6902 operation list. `source` names where it came from, for errors.
 */
export type Patch =
  | { kind: 'strategic'; docs: unknown[]; source: string }
  | { kind: 'json6902'; ops: Operation[]; source: string };
