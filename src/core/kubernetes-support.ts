import { parseVersion } from './contract.js';

/**
 * The Kubernetes versions each Talos minor release supports, as data: one row per Talos minor with the lowest
 * supported Kubernetes version and the upper bound, which is itself refused (Talos writes it as `1.N.99`).
 * Facts: Talos `pkg/machinery/compatibility/talos1N` (`MinimumKubernetesVersion`, `MaximumKubernetesVersion`);
 * v1.15 from Talos main. talhelper checks a talconfig's `kubernetesVersion` against its `talosVersion` (its
 * compiled-in default Talos version when unset) with `KubernetesVersion.SupportedWith`; `talosctl gen config` does not.
 */
export const KUBERNETES_SUPPORT: Readonly<Record<string, { min: string; max: string }>> = {
  'v1.3': { min: '1.24.0', max: '1.26.99' },
  'v1.4': { min: '1.25.0', max: '1.27.99' },
  'v1.5': { min: '1.26.0', max: '1.28.99' },
  'v1.6': { min: '1.24.0', max: '1.29.99' },
  'v1.7': { min: '1.25.0', max: '1.30.99' },
  'v1.8': { min: '1.26.0', max: '1.31.99' },
  'v1.9': { min: '1.27.0', max: '1.32.99' },
  'v1.10': { min: '1.28.0', max: '1.33.99' },
  'v1.11': { min: '1.29.0', max: '1.34.99' },
  'v1.12': { min: '1.30.0', max: '1.35.99' },
  'v1.13': { min: '1.31.0', max: '1.36.99' },
  'v1.14': { min: '1.32.0', max: '1.37.99' },
  'v1.15': { min: '1.33.0', max: '1.38.99' },
};

type Triple = [number, number, number];

/** Go semver's ParseTolerant as far as talconfig versions go: an optional `v`, a missing patch is 0. */
function tolerant(text: string): { core: Triple; text: string } | undefined {
  const v = parseVersion(text);
  if (!v) return undefined;
  const patch = v.patch ?? 0;
  const pre = /-[0-9A-Za-z.-]+$/.exec(text.trim())?.[0] ?? '';
  return { core: [v.major, v.minor, patch], text: `${v.major}.${v.minor}.${patch}${pre}` };
}

/** Talos compares major, minor and patch only: a pre-release of a version counts as that version. */
function compare(a: Triple, b: Triple): number {
  return a[0] - b[0] || a[1] - b[1] || a[2] - b[2];
}

export interface KubernetesSupportProblem {
  message: string;
  hint: string;
}

/**
 * Talos's verdict on running `kubernetesVersion` with `talosVersion`, worded as Talos words it; undefined when
 * supported, or when either version is not one this table covers (other checks refuse those).
 */
export function kubernetesSupportProblem(kubernetesVersion: string, talosVersion: string): KubernetesSupportProblem | undefined {
  const k8s = tolerant(kubernetesVersion);
  const talos = tolerant(talosVersion);
  if (!k8s || !talos) return undefined;
  const row = KUBERNETES_SUPPORT[`v${talos.core[0]}.${talos.core[1]}`];
  if (!row) return undefined;
  const min = tolerant(row.min)!.core;
  const max = tolerant(row.max)!.core;
  const hint = `Talos ${talos.core[0]}.${talos.core[1]} supports Kubernetes ${min[0]}.${min[1]}.0 up to ${max[0]}.${max[1]}.x`;
  if (compare(k8s.core, min) < 0) return { message: `version of Kubernetes ${k8s.text} is too old to be used with Talos ${talos.text}`, hint };
  if (compare(k8s.core, max) >= 0) return { message: `version of Kubernetes ${k8s.text} is too new to be used with Talos ${talos.text}`, hint };
  return undefined;
}
