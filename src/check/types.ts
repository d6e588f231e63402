import type { Issue } from '../core/issue.js';
import type { Mode } from '../validate/issues.js';

/**
 * What a check may need that is not always there. `env`: the plaintext of the talconfig, its env files and the
 * other SOPS files in its directory (encrypted patches: a render reads them);
 * `secrets`: the plaintext of the secrets bundle; `git`: the cluster directory is in a git work tree.
 */
export type Requirement = 'env' | 'secrets' | 'git';

/** One cluster `check` looks at: a talconfig and what talhelper would read beside it (run from its directory). */
export interface ClusterTarget {
  /** The directory holding the talconfig (the working directory for env and secrets files, as talhelper runs). */
  dir: string;
  talconfig: string;
  /** Env files of talhelper's default list that exist, in order. */
  envFiles: string[];
  /** The secrets file talhelper would use (the last existing one of its default list). */
  secretFile?: string;
  /** talhelper's default output directory. */
  outDir: string;
  /** Secret files under `dir` (talsecret*, *.sops.*), output directories and node_modules left out. */
  secretFiles: string[];
}

/** Where a cluster stands: each requirement is met, or the reason it is not. */
export interface ClusterContext extends ClusterTarget {
  mode: Mode;
  strict: boolean;
  /** `undefined` = met; a string = why not (printed in the skip line). */
  missing: Partial<Record<Requirement, string>>;
  /** Errors met while opening the SOPS files (damaged, tampered): findings of the `sops-open` check. */
  sopsFailures: Issue[];
  /** The git top-level, when `dir` is in a work tree. */
  gitTop?: string;
}

/**
 * A row of the check table: what it needs and the function that runs it. A check whose requirements are not all met
 * is skipped with one line naming what and why; `after` names a check whose errors make this one pointless.
 */
export interface Check {
  id: string;
  title: string;
  needs: readonly Requirement[];
  /** Requirements the check can do without, each with what it does instead (printed when the requirement is missing). */
  without?: Partial<Record<Requirement, string>>;
  after?: string;
  run: (c: ClusterContext) => Promise<Issue[]>;
}
