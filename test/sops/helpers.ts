import { readFileSync } from 'node:fs';
import * as assert from 'uvu/assert';
import { parse } from 'yaml';
import { TalgenError } from '../../src/core/errors.js';
import type { KeySource } from '../../src/sops/index.js';
import { conformanceFile } from '../helpers/shared.js';

export interface Entry {
  file: string;
  key: string;
  format: 'yaml' | 'json' | 'dotenv';
  macValid: boolean;
  expected: unknown;
}

export function manifest(): Entry[] {
  return JSON.parse(readFileSync(conformanceFile('sops', 'manifest.json'), 'utf8')) as Entry[];
}

export const fixture = (rel: string): string => readFileSync(conformanceFile('sops', rel), 'utf8');

/** Age identities in a text, as a KeySource that tried nothing else. */
export const keysFrom = (text: string): KeySource => ({ identities: text.match(/AGE-SECRET-KEY-1[0-9A-Z]+/g) ?? [], tried: ['test key'] });

/** Parse a plaintext of the given format into plain data for comparison. */
export function plainOf(text: string, format: string): unknown {
  if (format === 'dotenv') {
    return Object.fromEntries(
      text
        .split('\n')
        .filter((l) => l && !l.startsWith('#'))
        .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
    );
  }
  return format === 'json' ? JSON.parse(text) : parse(text, { intAsBigInt: false });
}

/** Expect a TalgenError whose one-line message matches `re` (the optional hint line aside). */
export async function rejects(p: Promise<unknown>, re: RegExp, label = ''): Promise<TalgenError> {
  try {
    await p;
  } catch (e) {
    if (!(e instanceof TalgenError)) throw new Error(`${label}: not a TalgenError: ${String(e)}`);
    const first = e.format().split('\n')[0]!;
    assert.match(first, re, `${label}: ${first}`);
    return e;
  }
  assert.unreachable(`${label}: accepted; expected ${re}`);
  throw new Error('unreachable');
}
