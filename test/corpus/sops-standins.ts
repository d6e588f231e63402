/**
 * Files the harness cannot open (SOPS-encrypted to the repo owner's keys, whole-file age armor) and their
 * plaintext stand-ins: the same keys with plausible values, so the repo renders as it would for its owner.
 */
import { isMap, isScalar, parseDocument, visit, type Scalar } from 'yaml';
import type { ValueContext, ValueSource } from './values.js';

const ENC = /^ENC\[AES256_GCM,data:[^,]*,iv:[^,]*,tag:[^,]*,type:(\w+)\]$/;

export const isSopsText = (text: string) => /ENC\[AES256_GCM,data:/.test(text);
export const isAgeArmored = (text: string) => text.trimStart().startsWith('-----BEGIN AGE ENCRYPTED FILE-----');

type Versions = Pick<ValueContext, 'talosVersion' | 'kubernetesVersion'>;

/** A SOPS dotenv file (`KEY=ENC[…]`, `sops_*=` metadata lines) → plain `KEY=value` lines. */
function dotenvStandin(text: string, values: ValueSource, v: Versions): string {
  return text
    .split('\n')
    .filter((l) => !/^sops_\w*=/.test(l))
    .map((l) => {
      const m = /^(\s*(?:export\s+)?)([\w.]+)=(.*)$/.exec(l);
      const enc = m && ENC.exec(m[3]!.trim());
      return m && enc ? `${m[1]}${m[2]}=${values.value({ ...v, name: m[2]!, type: enc[1] })}` : l;
    })
    .join('\n');
}

/** A SOPS YAML file → the same document without `sops:` and with every `ENC[…]` value replaced by its key's stand-in. */
function yamlStandin(text: string, values: ValueSource, v: Versions): string {
  const doc = parseDocument(text, { uniqueKeys: false });
  if (isMap(doc.contents)) doc.contents.delete('sops');
  visit(doc, {
    Pair(_key, pair) {
      if (!isScalar(pair.value) || typeof pair.value.value !== 'string') return;
      const enc = ENC.exec(pair.value.value);
      if (!enc) return;
      const name = String(isScalar(pair.key) ? pair.key.value : 'value');
      const value = values.value({ ...v, name, key: name, type: enc[1] });
      const scalar = pair.value as Scalar;
      scalar.value = enc[1] === 'int' ? Number(value) : enc[1] === 'bool' ? value === 'true' : value;
    },
  });
  // Encrypted comments (`#ENC[…,type:comment]`) decrypt to comments: drop them.
  return doc
    .toString()
    .split('\n')
    .filter((l) => !/^\s*#\s*ENC\[/.test(l))
    .join('\n');
}

/** Plaintext stand-in for a SOPS file in the given format. */
export function sopsStandin(text: string, file: string, values: ValueSource, v: Versions): string {
  return /\.env$|(^|\/)\.env/.test(file) || /^sops_version=/m.test(text) ? dotenvStandin(text, values, v) : yamlStandin(text, values, v);
}
