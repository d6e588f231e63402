import type { Operation } from 'fast-json-patch';

/** A loaded config patch: Talos strategic merge (one or more documents) or an RFC 6902 operation list. */
export type Patch =
  | { kind: 'strategic'; docs: Record<string, unknown>[]; source: string }
  | { kind: 'json6902'; ops: Operation[]; source: string };
