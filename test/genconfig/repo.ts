import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parseContract } from '../../src/core/contract.js';
import { releaseOf } from '../../src/core/contract-traits.js';
import { encodeSecretsBundle, generateSecretsBundle } from '../../src/secrets/index.js';
import { tmp } from '../helpers/cli.js';

let secrets: string | undefined;

/** One ECDSA-SA bundle per test process (fast), reused by every generated repo. */
export function secretsText(): string {
  secrets ??= encodeSecretsBundle(generateSecretsBundle(parseContract('v1.6')));
  return secrets;
}

/** Write a talhelper repo (files relative to its root) into a fresh temp dir; adds talsecret.yaml unless given. */
export function makeRepo(files: Record<string, string>, opts: { secrets?: boolean } = {}): string {
  const dir = tmp('talgen-repo-');
  const all = { ...(opts.secrets === false ? {} : { 'talsecret.yaml': secretsText() }), ...files };
  for (const [name, text] of Object.entries(all)) {
    const p = join(dir, name);
    mkdirSync(dirname(p), { recursive: true });
    writeFileSync(p, text);
  }
  return dir;
}

export const BASIC = `clusterName: demo
talosVersion: v1.13.9
kubernetesVersion: v1.36.3
endpoint: https://10.0.0.10:6443
nodes:
  - hostname: cp1
    ipAddress: 10.0.0.11
    controlPlane: true
    installDisk: /dev/sda
  - hostname: w1
    ipAddress: 10.0.0.21, 10.0.1.21
    controlPlane: false
    installDisk: /dev/sdb
`;

/**
 * A talconfig moved to another Talos release: its `talosVersion` and a `kubernetesVersion` that release supports
 * (the one its talosctl defaults to), as talhelper refuses a Kubernetes version outside the release's range.
 */
export function atRelease(talconfig: string, talosVersion: string): string {
  return talconfig
    .replace(/^talosVersion: .*$/m, `talosVersion: ${talosVersion}`)
    .replace(/^kubernetesVersion: .*$/m, `kubernetesVersion: v${releaseOf(parseContract(talosVersion)).kubernetes}`);
}
