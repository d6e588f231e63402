/** Generated talhelper repos of any size, for the benchmark and the kill -9 trials. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface LargeRepoOptions {
  /** File name of the talconfig (several variants can share one repo and one out dir). */
  talconfig?: string;
  /** The kubelet's max-pods on workers: a value that changes every worker's config when it changes. */
  maxPods?: number;
}

/**
 * A talhelper repo with `n` nodes (a third of them control planes, at most 5), group + global patches and env
 * variables. Writing a second variant (`talconfig`, `maxPods`) into the same dir keeps the shared files.
 */
export function writeLargeRepo(dir: string, n: number, opts: LargeRepoOptions = {}): void {
  mkdirSync(join(dir, 'patches'), { recursive: true });
  const cps = Math.min(5, Math.max(1, Math.round(n / 3)));
  const nodes = Array.from({ length: n }, (_, i) => {
    const cp = i < cps;
    return [
      `  - hostname: node${i}`,
      `    ipAddress: 10.0.${Math.floor(i / 250)}.${(i % 250) + 2}`,
      `    controlPlane: ${cp}`,
      `    installDisk: /dev/sda`,
      `    nodeLabels:`,
      `      rack: r${i % 8}`,
    ].join('\n');
  });
  writeFileSync(
    join(dir, opts.talconfig ?? 'talconfig.yaml'),
    [
      'clusterName: ${CLUSTER}',
      'talosVersion: v1.13.9',
      'kubernetesVersion: v1.36.3',
      'endpoint: https://10.0.0.1:6443',
      'additionalApiServerCertSans: [k8s.example.com]',
      'patches:',
      '  - "@./patches/global.yaml"',
      'worker:',
      '  patches:',
      '    - |-',
      '      machine:',
      '        kubelet:',
      '          extraArgs:',
      `            max-pods: "${opts.maxPods ?? 150}"`,
      'nodes:',
      ...nodes,
      '',
    ].join('\n'),
  );
  writeFileSync(join(dir, 'talenv.yaml'), 'CLUSTER: bench\n');
  writeFileSync(join(dir, 'patches/global.yaml'), 'machine:\n  time:\n    servers:\n      - time.cloudflare.com\n');
}
