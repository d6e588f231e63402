import { TalgenError } from '../core/errors.js';
import type { BundleSecrets } from '../generate/index.js';
import { loadSecretsBundle } from '../secrets/index.js';
import type { LoadedRepo } from './talhelper-genconfig.js';

/** The repo's secrets bundle as talhelper reads it (decrypted, env-substituted, strictly decoded); none without a file. */
export async function readRepoSecrets(repo: LoadedRepo): Promise<BundleSecrets | undefined> {
  if (!repo.secretFile) return undefined;
  const text = repo.access.substitute(await repo.access.readText(repo.secretFile), repo.secretFile);
  if (!text.trim()) throw new TalgenError('secrets file is empty', { file: repo.secretFile, line: 1, col: 1, hint: 'create one with "talgen gensecret"' });
  return loadSecretsBundle(text, repo.secretFile);
}
