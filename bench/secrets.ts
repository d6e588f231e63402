/**
 * `node dist/bench/secrets.js`: how long a secrets bundle takes to make, and where the time goes.
 * RSA-4096 key generation (the service account key for contracts ≥ v1.7) is a random prime search, so its time
 * varies a lot from run to run: medians and the min–max range are printed.
 */
import { spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseContract } from '../src/core/contract.js';
import { generateKey } from '../src/pki/keys.js';
import { newCA, newClientCertificate } from '../src/pki/talos-pki.js';
import { encodeSecretsBundle, generateSecretsBundle } from '../src/secrets/index.js';
import { buildTalosconfig } from '../src/talosconfig/index.js';

const ROOT = resolve(fileURLToPath(new URL('../../', import.meta.url)));
const RUNS = Number(process.env.BENCH_RUNS ?? 10);

const ms = (t0: bigint): number => Number(process.hrtime.bigint() - t0) / 1e6;

function time(label: string, runs: number, fn: () => unknown): string {
  const xs: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = process.hrtime.bigint();
    fn();
    xs.push(ms(t0));
  }
  xs.sort((a, b) => a - b);
  const median = xs[Math.floor(xs.length / 2)]!;
  return `${label.padEnd(52)} ${median.toFixed(1).padStart(8)} ms   (${xs[0]!.toFixed(1)}–${xs[xs.length - 1]!.toFixed(1)}, n=${runs})`;
}

const now = new Date();
const os = newCA({ keyType: 'ed25519', organization: 'talos', now, skid: 'random' });
const v113 = parseContract('v1.13');
const bundle = generateSecretsBundle(v113, now);

const rows = [
  `secrets bundle generation, ${RUNS} runs per row (median, min–max)`,
  time('Ed25519 CA (OS)', RUNS, () => newCA({ keyType: 'ed25519', organization: 'talos', now, skid: 'random' })),
  time('ECDSA P-256 CA (etcd / k8s / aggregator)', RUNS, () => newCA({ keyType: 'ecdsa-p256', organization: 'etcd', now, skid: 'random' })),
  time('ECDSA P-256 CA, SHA-1 SKID (≤ v1.10)', RUNS, () => newCA({ keyType: 'ecdsa-p256', organization: 'etcd', now, skid: 'sha1' })),
  time('RSA-4096 service account key', RUNS, () => generateKey('rsa-4096')),
  time('admin client certificate (Ed25519)', RUNS, () => newClientCertificate(os, { roles: ['os:admin'], ttlHours: 8760, now })),
  time('whole bundle, contract v1.6 (ECDSA SA key)', RUNS, () => generateSecretsBundle(parseContract('v1.6'), now)),
  time('whole bundle, contract v1.13 (RSA-4096 SA key)', RUNS, () => generateSecretsBundle(v113, now)),
  time('encodeSecretsBundle', RUNS * 10, () => encodeSecretsBundle(bundle)),
  time('buildTalosconfig (issues the admin cert)', RUNS, () => buildTalosconfig({ contextName: 'c', endpoints: [], osCA: bundle.certs.os, now })),
  time('talgen gensecret, whole process', Math.min(RUNS, 5), () => {
    const r = spawnSync(process.execPath, [join(ROOT, 'dist', 'src', 'cli.js'), 'gensecret'], { stdio: ['ignore', 'ignore', 'pipe'] });
    if (r.status !== 0) throw new Error(`talgen gensecret failed: ${r.stderr.toString()}`);
  }),
  '',
];
process.stdout.write(rows.join('\n'));
