import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseContract } from '../../src/core/contract.js';
import { generateConfig, type GenerateInput, type MachineType } from '../../src/generate/index.js';
import { encodeSecretsBundle, generateSecretsBundle, loadSecretsBundle, type SecretsBundle } from '../../src/secrets/index.js';
import { tmp } from './cli.js';

// Generated secrets bundles for tests that need one: made once per contract and test run (an RSA-4096 service
// account key takes a second or more), kept in memory and, under `npm test`, in the run's cache directory the runner
// shares with its workers (TALGEN_TEST_CACHE), so every worker and file uses the same few bundles.

/** The clock every cached bundle is made with (tests on validity dates use it). */
export const BUNDLE_NOW = new Date('2026-03-04T05:06:07.890Z');

const RUN_CACHE = process.env.TALGEN_TEST_CACHE;
const texts = new Map<string, string>();

/** The encoded bundle for `contract` ('v1.13'), generated at BUNDLE_NOW once per run. */
function bundleText(contract: string): string {
  let text = texts.get(contract);
  if (text !== undefined) return text;
  const file = RUN_CACHE ? join(RUN_CACHE, `bundle-${contract}.yaml`) : undefined;
  if (file && existsSync(file)) text = readFileSync(file, 'utf8');
  else {
    text = encodeSecretsBundle(generateSecretsBundle(parseContract(contract), BUNDLE_NOW));
    if (file) {
      // Two workers may make the same bundle at once: each renames a whole file into place, the last one stays.
      writeFileSync(`${file}.${process.pid}`, text, { mode: 0o600 });
      renameSync(`${file}.${process.pid}`, file);
    }
  }
  texts.set(contract, text);
  return text;
}

/** A fresh copy of the run's generated bundle for `contract`. */
export function generatedBundle(contract: string): SecretsBundle {
  return loadSecretsBundle(bundleText(contract), `generated-${contract}.yaml`);
}

const files = new Map<string, string>();

/** The run's generated bundle for `contract` as a secrets file (Talos's format) for `-s` / `--with-secrets`. */
export function generatedBundleFile(contract: string): string {
  let file = files.get(contract);
  if (file === undefined) {
    file = join(tmp('talgen-bundle-'), 'secrets.yaml');
    writeFileSync(file, bundleText(contract), { mode: 0o600 });
    files.set(contract, file);
  }
  return file;
}

let docsBundle: SecretsBundle | undefined;

/**
 * A config as talgen generates it for a small cluster (one endpoint, /dev/sda, discovery on) with the run's v1.13
 * bundle, for tests of the rendered config; `extra` overrides or adds inputs.
 */
export function generatedDocs(contract: string, type: MachineType, extra: Partial<GenerateInput> = {}): Record<string, any>[] {
  docsBundle ??= generatedBundle('v1.13');
  return generateConfig(
    {
      clusterName: 'c',
      endpoint: 'https://10.0.0.1:6443',
      kubernetesVersion: '1.33.0',
      contract: parseContract(contract),
      secrets: docsBundle,
      discoveryEnabled: true,
      installDisk: '/dev/sda',
      ...extra,
    },
    type,
  );
}
