/**
 * Checks on every rendered node config of a case. Each check returns its first reason to fail, or undefined.
 * The list is the single place new checks plug in.
 */
import { parseAllDocuments, type ScalarTag, type Tags } from 'yaml';
import { talgenAsync } from './exec.js';
import { officialSchemaErrors, schemaFor } from './official-schema.js';
import { oracleCheck } from './oracle-check.js';
import { talhelperCheck } from './talhelper-check.js';
import type { CorpusCheck } from './types.js';

/**
 * Read a rendered config the way go-yaml v3 resolves plain scalars where YAML 1.2 differs: a float literal out of
 * float64 range (`serial: 2244E6801787`) fails Go's ParseFloat, so go-yaml keeps it a string.
 */
const goFloats = (tags: Tags): Tags =>
  tags.map((t) => {
    const tag = t as ScalarTag;
    if (tag.tag !== 'tag:yaml.org,2002:float' || !tag.resolve || tag.test?.test('.inf')) return t;
    return {
      ...tag,
      resolve: (src: string, onError: (m: string) => void, opts: never) => {
        const v = tag.resolve(src, onError, opts);
        return typeof v === 'number' && !Number.isFinite(v) ? src : v;
      },
    } as ScalarTag;
  });

/** Every YAML document validates against Talos's published schema for the case's contract. */
export const officialSchemaCheck: CorpusCheck = {
  name: 'schema',
  async run(r) {
    const file = schemaFor(r.contract);
    for (const c of r.configs) {
      const docs = parseAllDocuments(c.text, { customTags: goFloats });
      for (const [i, d] of (Array.isArray(docs) ? docs : [docs]).entries()) {
        const value = d.toJS() as Record<string, unknown> | null;
        if (!value) continue;
        const kind = String(value.kind ?? 'v1alpha1');
        const errs = officialSchemaErrors(file, value);
        if (errs.length) return `${c.name} document ${i + 1} (${kind}) vs ${file}: ${errs[0]}${errs.length > 1 ? ` (+${errs.length - 1} more)` : ''}`;
      }
    }
    return undefined;
  },
};

/** Every config decodes with `talgen validate nodeconfig` for its mode. */
export const decodeCheck: CorpusCheck = {
  name: 'decode',
  async run(r) {
    const res = await talgenAsync(['validate', 'nodeconfig', '-m', r.mode, ...r.configs.map((c) => c.path)], { cwd: r.cwd, env: r.env });
    if (res.code === 0) return undefined;
    return res.stderr.split('\n').find((l) => l.trim()) ?? `exit ${res.code}`;
  },
};

/** The checks every case runs, in order (the first failing one is reported). */
export const CHECKS: CorpusCheck[] = [officialSchemaCheck, decodeCheck, oracleCheck, talhelperCheck];
