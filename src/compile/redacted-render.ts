import { hkdfSync } from 'node:crypto';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { TalgenError } from '../core/errors.js';
import type { Issue } from '../core/issue.js';
import type { FileChange } from '../emit/diff.js';
import { outputPath } from '../emit/layout.js';
import { keyedFingerprint, redactSecrets, type Fingerprint } from '../emit/redact.js';
import type { BundleSecrets } from '../generate/index.js';
import { compareOutputs, shownPath, type Expected } from './compare-outputs.js';
import type { GenconfigResult, RenderedFile } from './talhelper-genconfig.js';

/**
 * A redacted render: every node config with each secret value (the model's secret fields, every value decrypted from
 * SOPS) replaced by `<redacted HEX>`, HEX a keyed hash of the value. Safe to commit; pull requests then show real
 * config diffs, and a rotated secret shows as a changed placeholder. No talosconfig: it is all credentials.
 */

/** HKDF labels of the placeholder key; changing them re-keys every committed render. */
const KEY_SALT = 'talgen';
const KEY_INFO = 'redacted render placeholders v1';

/**
 * Placeholders of one cluster: keyed with a key derived from the bundle's cluster id, a random value that lives as
 * long as the cluster. Without the bundle nobody can test a guessed value against a placeholder; the same value gives
 * the same placeholder on every machine and run, and in another cluster a different one.
 */
export function renderFingerprint(secrets: BundleSecrets): Fingerprint {
  if (!secrets.cluster.id)
    throw new TalgenError('the secrets bundle has no cluster.id, which keys the placeholders of a redacted render', {
      path: 'cluster.id',
      hint: 'use a bundle made by talgen gensecret or talosctl gen secrets',
    });
  return keyedFingerprint(new Uint8Array(hkdfSync('sha256', secrets.cluster.id, KEY_SALT, KEY_INFO, 32)));
}

/** A redacted render is keyed by the repo's secrets bundle: without a secrets file it is refused (before any render). */
export function requireSecretsFile(secretFile: string | undefined): void {
  if (!secretFile) {
    throw new TalgenError('a redacted render needs the secrets bundle: without one every run has new secrets and new placeholders', {
      hint: 'pass -s with the talsecret file (talgen gensecret makes one)',
    });
  }
}

/** The node configs of a render as redacted files of `renderDir` (same file names as genconfig's). */
export function redactedRender(rendered: GenconfigResult, secretValues: ReadonlySet<string>, renderDir: string): RenderedFile[] {
  requireSecretsFile(rendered.secretFile);
  const fingerprint = renderFingerprint(rendered.secrets);
  return rendered.files
    .filter((f) => f.role === 'node')
    .map((f) => ({ ...f, path: outputPath(renderDir, basename(f.path)), data: redactSecrets(f.data, { secretValues, fingerprint }) }));
}

/** Files of `renderDir` that look like node configs (`*.yaml`, `*.yml`) and that this render does not produce. */
export function leftoverRenders(renderDir: string, files: readonly RenderedFile[]): string[] {
  if (!existsSync(renderDir) || !statSync(renderDir).isDirectory()) return [];
  const produced = new Set(files.map((f) => basename(f.path)));
  return readdirSync(renderDir)
    .filter((n) => /\.ya?ml$/.test(n) && !produced.has(n))
    .sort()
    .map((n) => join(renderDir, n));
}

/** What a redacted render compares: each redacted file, and each leftover as a file no longer produced. */
export function renderComparison(files: readonly RenderedFile[], renderDir: string): Expected[] {
  return [...files, ...leftoverRenders(renderDir, files).map((path) => ({ path }))];
}

function staleMessage(c: FileChange): string {
  if (c.status === 'added') return 'missing from the committed redacted render';
  if (c.status === 'removed') return 'in the committed redacted render, but no node renders to it any more';
  return `committed redacted render is stale: ${c.documents.map((d) => `${d.label} ${d.status}`).join(', ')}`;
}

/**
 * `talgen check`'s "the committed redacted render is stale" finding: one error per file of `renderDir` that differs
 * from the redacted render of `rendered` (changed, missing, or left over from a removed node). Nothing is written.
 * `displayRoot` is the repository root the issues' paths are shown relative to.
 */
export async function staleRenderIssues(rendered: GenconfigResult, secretValues: Set<string>, renderDir: string, displayRoot: string): Promise<Issue[]> {
  const files = redactedRender(rendered, secretValues, renderDir);
  const changes = await compareOutputs(renderComparison(files, renderDir), { displayRoot, secretValues, onWarning: () => {} });
  const hint = `run "talgen genconfig --redacted -o ${shownPath(displayRoot, renderDir)}" and commit the result`;
  return changes.filter((c) => c.status !== 'unchanged').map((c) => ({ severity: 'error' as const, message: staleMessage(c), hint, at: { file: c.path } }));
}
