import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { decryptText } from '../src/sops/index.js';

// The last step of `npm test`: the secret values of the suite's fixtures must not appear anywhere in what the suite
// printed (every worker's stdout and stderr). A test that prints a rendered config, a diff or an error carrying a key
// in clear fails the run here, even when its own assertions pass.

/** Bundle fields that hold secrets: keys, tokens, the cluster id and secret, encryption secrets. */
const SECRET_LEAF = /(^|\.)(key|token|secret|id|bootstraptoken|secretboxencryptionsecret|aescbcencryptionsecret)$/i;

/** `path → value` of every secret leaf of a secrets bundle's YAML (values of 12 characters or more). */
function secretLeaves(text: string, label: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (v: unknown, path: string): void => {
    if (v !== null && typeof v === 'object') for (const [k, x] of Object.entries(v)) walk(x, path ? `${path}.${k}` : k);
    else if (typeof v === 'string' && v.length >= 12 && SECRET_LEAF.test(path)) out.set(`${label}: ${path}`, v);
  };
  walk(parse(text), '');
  return out;
}

/** The fixtures' secrets: the run's generated bundles (in its cache dir) and the bundled example's SOPS talsecret. */
export async function fixtureSecrets(root: string, cache: string): Promise<Map<string, string>> {
  const all = new Map<string, string>();
  for (const f of existsSync(cache) ? readdirSync(cache).filter((n) => /^bundle-.*\.yaml$/.test(n)) : []) {
    for (const [k, v] of secretLeaves(readFileSync(join(cache, f), 'utf8'), f)) all.set(k, v);
  }
  const example = join(root, 'examples', 'basic');
  const key = readFileSync(join(example, 'age-test-key.txt'), 'utf8').match(/AGE-SECRET-KEY-1[0-9A-Z]+/)?.[0];
  if (key) {
    const file = join(example, 'talsecret.sops.yaml');
    const plain = await decryptText(readFileSync(file, 'utf8'), file, { keys: { identities: [key], tried: ['examples/basic/age-test-key.txt'] } });
    for (const [k, v] of secretLeaves(plain, 'examples/basic/talsecret.sops.yaml')) all.set(k, v);
  }
  return all;
}

/** Which fixture secrets (named by fixture and field, never by value) appear in `output`. */
export function leakedSecrets(output: string, secrets: Map<string, string>): string[] {
  return [...secrets].filter(([, v]) => output.includes(v)).map(([k]) => k);
}
