/**
 * Secrets for corpus cases whose own bundle we cannot read: a fresh bundle from `talgen gensecret`, and for
 * env-templated bundles (`secret: ${CLUSTER_SECRET}`) the fresh bundle's values as the template's variables.
 */
import { isMap, isScalar, isSeq, parseDocument, type Node } from 'yaml';
import { parseVersion } from '../../src/core/contract.js';
import { talgenAsync } from './exec.js';

/** One fresh secrets bundle per Talos minor and run (`talgen gensecret` takes seconds: RSA-4096). */
const bundles = new Map<string, Promise<string>>();
export function freshBundle(talosVersion: string, env: NodeJS.ProcessEnv, cwd: string): Promise<string> {
  const v = parseVersion(talosVersion);
  const minor = v ? `v${v.major}.${v.minor}` : talosVersion;
  let b = bundles.get(minor);
  if (!b) {
    b = talgenAsync(['gensecret', '--talos-version', minor], { cwd, env }).then((r) => {
      if (r.code !== 0) throw new Error(`talgen gensecret --talos-version ${minor} failed: ${r.stderr.trim()}`);
      return r.stdout;
    });
    bundles.set(minor, b);
  }
  return b;
}

/** Leaf values of a YAML document by dotted path. */
function leaves(node: Node | null | undefined, prefix = '', out = new Map<string, string>()): Map<string, string> {
  if (isMap(node)) for (const p of node.items) leaves(p.value as Node, `${prefix}${String(isScalar(p.key) ? p.key.value : p.key)}.`, out);
  else if (isSeq(node))
    node.items.forEach((n, i) => {
      leaves(n as Node, `${prefix}${i}.`, out);
    });
  else if (isScalar(node)) out.set(prefix.slice(0, -1), String(node.value));
  return out;
}

/** An env-templated secrets bundle (`secret: ${CLUSTER_SECRET}`): each variable gets the fresh bundle's value at the same path. */
export function secretTemplateValues(template: string, bundle: string): Record<string, string> {
  const fresh = leaves(parseDocument(bundle).contents);
  const out: Record<string, string> = {};
  for (const [path, value] of leaves(parseDocument(template).contents)) {
    const m = /^\$\{(\w+)(?::?[-=][^}]*)?\}$/.exec(value.trim());
    const v = fresh.get(path);
    if (m && v !== undefined) out[m[1]!] = v;
  }
  return out;
}
