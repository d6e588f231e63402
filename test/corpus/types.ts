/** What a corpus check sees of a rendered case, and the shape of a check. */
import type { Mode } from '../../src/validate/issues.js';

export interface RenderedConfig {
  /** Output file name (`cluster-node1.yaml`). */
  name: string;
  path: string;
  text: string;
  /** The same config rendered with `--format talos` (Talos's own 4-space encoding), when that render succeeded. */
  talosText?: string;
}

export interface RenderedCase {
  /** Talos contract of the case (`v1.13`). */
  contract: string;
  mode: Mode;
  configs: RenderedConfig[];
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** The genconfig arguments talgen rendered it with (`genconfig -s …`). */
  args: string[];
}

export interface CorpusCheck {
  /** Failure class printed in `FAIL name: class: reason`. */
  name: string;
  run(r: RenderedCase): Promise<string | undefined>;
}
