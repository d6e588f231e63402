import { basename, relative } from 'node:path';
import { TalgenError } from '../core/errors.js';
import type { Issue } from '../core/issue.js';
import { NoKeyError, readMaybeEncrypted } from '../sops/index.js';
import { DEFAULT_SECRET_FILES } from '../talconfig/defaults.js';
import type { Mode } from '../validate/issues.js';
import { gitTopLevel } from './git.js';
import type { ClusterContext, ClusterTarget } from './types.js';

/**
 * Opens each file (decrypting SOPS files) to learn whether its plaintext is available here. No key is a missing
 * requirement with its reason; a damaged or tampered file is also a finding.
 */
async function plaintext(files: string[], failures: Issue[]): Promise<string | undefined> {
  let missing: string | undefined;
  for (const f of files) {
    try {
      await readMaybeEncrypted(f);
    } catch (e) {
      if (!(e instanceof TalgenError)) throw e;
      if (!(e instanceof NoKeyError)) failures.push(e.issue());
      missing ??= `${relative(process.cwd(), f) || f}: ${e.message}`;
    }
  }
  return missing;
}

/** Where a cluster stands before its checks run: which plaintext this machine can read, and git. */
export async function clusterContext(t: ClusterTarget, o: { mode: Mode; strict: boolean }): Promise<ClusterContext> {
  const sopsFailures: Issue[] = [];
  // What a render reads besides the secrets bundle: the talconfig, env files, and SOPS files such as encrypted patches.
  const sources = t.secretFiles.filter((f) => !DEFAULT_SECRET_FILES.includes(basename(f)) && !t.envFiles.includes(f));
  const env = await plaintext([t.talconfig, ...t.envFiles, ...sources], sopsFailures);
  const secrets = t.secretFile ? await plaintext([t.secretFile], sopsFailures) : undefined;
  const git = gitTopLevel(t.dir);
  return {
    ...t,
    ...o,
    sopsFailures,
    gitTop: 'top' in git ? git.top : undefined,
    missing: { env, secrets, git: 'missing' in git ? git.missing : undefined },
  };
}
