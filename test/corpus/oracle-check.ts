/**
 * The Talos oracle as a corpus check: every rendered config loads with Talos's own decoder (strict), decodes to the
 * values talgen wrote (talgen writes talhelper's 2-space layout, Talos re-encodes with 4 spaces, so the two are
 * compared as YAML values), the same config in Talos's encoding (`--format talos`) is a byte-for-byte fixed point of
 * Talos's decode → encode, and it passes `talosctl validate` for its mode.
 */
import { isDeepStrictEqual } from 'node:util';
import { parseAllDocuments } from 'yaml';
import { oracleAvailable, oracleQueue } from '../helpers/oracle.js';
import type { CorpusCheck } from './types.js';

const values = (text: string): unknown[] =>
  parseAllDocuments(text)
    .map((d) => d.toJS() as unknown)
    .filter((v) => v != null);

/** The first path where two YAML values differ (`machine.kubelet.extraArgs.max-pods: "200" vs 200`). */
function firstDifference(a: unknown, b: unknown, path = ''): string | undefined {
  if (isDeepStrictEqual(a, b)) return undefined;
  // A plain `1` or `true` in a Go string field decodes as its text (the JSONToYAML bytes after an RFC 6902 patch).
  if ((typeof a === 'number' || typeof a === 'boolean') && typeof b === 'string' && String(a) === b) return undefined;
  if (a && b && typeof a === 'object' && typeof b === 'object' && Array.isArray(a) === Array.isArray(b)) {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    for (const k of keys) {
      const d = firstDifference((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], path ? `${path}.${k}` : k);
      if (d) return d;
    }
    return undefined;
  }
  return `${path || '(document)'}: talgen wrote ${JSON.stringify(a)}, Talos reads ${JSON.stringify(b)}`;
}

function firstLineDifference(ours: string, theirs: string): string {
  const a = ours.split('\n');
  const b = theirs.split('\n');
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    if (a[i] !== b[i]) return `line ${i + 1}: talgen ${JSON.stringify(a[i])}, Talos ${JSON.stringify(b[i])}`;
  }
  return 'same lines';
}

export const oracleCheck: CorpusCheck = {
  name: 'oracle',
  async run(r) {
    if (!oracleAvailable(r.contract)) return undefined;
    // every question about the repo's configs in one oracle batch, then the checks in order
    const ask = oracleQueue();
    const asked = r.configs.map((c) => ({
      c,
      roundTrip: ask(r.contract, { op: 'roundtrip', config: c.text }),
      talos: c.talosText === undefined ? undefined : { text: c.talosText, roundTrip: ask(r.contract, { op: 'roundtrip', config: c.talosText }) },
      validation: ask(r.contract, { op: 'validate', mode: r.mode, config: c.text }),
    }));
    for (const { c, roundTrip, talos, validation } of asked) {
      const rt = roundTrip();
      if (!rt.ok) return `${c.name}: Talos does not load it: ${rt.error.split('\n').join(' ')}`;
      const ours = values(c.text);
      const theirs = values(rt.out);
      for (let i = 0; i < Math.max(ours.length, theirs.length); i++) {
        const d = firstDifference(ours[i], theirs[i]);
        if (d) return `${c.name} document ${i + 1}: ${d}`;
      }
      if (talos === undefined) return `${c.name}: no --format talos rendering to compare`;
      const fixed = talos.roundTrip();
      if (!fixed.ok) return `${c.name} (--format talos): Talos does not load it: ${fixed.error.split('\n').join(' ')}`;
      if (fixed.out !== talos.text)
        return `${c.name} (--format talos): not a fixed point of Talos's decode → encode: ${firstLineDifference(talos.text, fixed.out)}`;
      const v = validation();
      if (!v.ok) return `${c.name}: talosctl validate --mode ${r.mode}: ${v.error.split('\n').join(' ')}`;
    }
    return undefined;
  },
};
