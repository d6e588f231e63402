/**
 * `node dist/bench/sops.js`: time to decrypt the talhelper example's talsecret (age unwrap + AES-GCM + MAC check),
 * in process (cold first call, then the median of warm calls) and as a whole `talgen decrypt` run.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { decryptText } from '../src/sops/index.js';

const ROOT = resolve(fileURLToPath(new URL('../../', import.meta.url)));
const EXAMPLE = process.env.TALGEN_TALHELPER_EXAMPLE ?? join(ROOT, '..', 'shared', 'conformance', 'talhelper', 'example');
const RUNS = Number(process.env.BENCH_RUNS ?? 20);
const file = join(EXAMPLE, 'talsecret.yaml');
const keyFile = join(EXAMPLE, 'key.txt');

if (!existsSync(file) || !existsSync(keyFile)) {
  process.stderr.write(`bench/sops: ${file} or ${keyFile} is missing\n`);
  process.exit(1);
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const ms = (t0: bigint): number => Number(process.hrtime.bigint() - t0) / 1e6;

const text = readFileSync(file, 'utf8');
const keys = { identities: readFileSync(keyFile, 'utf8').match(/AGE-SECRET-KEY-1[0-9A-Z]+/g) ?? [], tried: [keyFile] };
let t0 = process.hrtime.bigint();
const plain = await decryptText(text, file, { keys });
const cold = ms(t0);
const warm: number[] = [];
for (let i = 0; i < RUNS; i++) {
  t0 = process.hrtime.bigint();
  await decryptText(text, file, { keys });
  warm.push(ms(t0));
}
const cli: number[] = [];
for (let i = 0; i < Math.min(RUNS, 5); i++) {
  t0 = process.hrtime.bigint();
  const r = spawnSync(process.execPath, [join(ROOT, 'dist', 'src', 'cli.js'), 'decrypt', file], {
    env: { ...process.env, SOPS_AGE_KEY_FILE: keyFile },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  cli.push(ms(t0));
  if (r.status !== 0) throw new Error(`talgen decrypt failed: ${r.stderr.toString()}`);
}
const values = (text.match(/ENC\[AES256_GCM/g) ?? []).length - 1;
process.stdout.write(
  [
    `talhelper example talsecret.yaml: ${text.length} bytes, ${values} encrypted values, ${plain.length} bytes of plaintext`,
    `decryptText, first call (loads age-encryption): ${cold.toFixed(1)} ms`,
    `decryptText, warm (median of ${RUNS}):            ${median(warm).toFixed(1)} ms`,
    `talgen decrypt, whole process (median of ${cli.length}):    ${median(cli).toFixed(0)} ms`,
    '',
  ].join('\n'),
);
