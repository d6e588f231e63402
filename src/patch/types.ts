import type { SourcePos } from '../core/errors.js';
import type { PathPart } from '../load/yaml.js';
import type { JsonPatchOp } from './json-patch.js';

/**
 * A loaded config patch: Talos strategic merge (one or more documents, `$patch: delete` directives still in
 * place) or an RFC 6902 operation list (each operation's members as JSON, see json-patch.ts). `source` names where it came from, for errors.
 */
export type Patch =
  | {
      kind: 'strategic';
      docs: unknown[];
      source: string;
      /** Where field `path` of document `doc` (index into `docs`) is written in the patch text, when known. */
      locate?: (doc: number, path: PathPart[]) => SourcePos | undefined;
    }
  | {
      kind: 'json6902';
      ops: JsonPatchOp[];
      source: string;
      /** Where operation `op` (index into `ops`) is written in the patch text, when known. */
      locate?: (op: number) => SourcePos | undefined;
    };
