import { readFileSync } from 'node:fs';
import { parseContract } from '../../src/core/contract.js';
import { generateConfig } from '../../src/generate/index.js';
import { applyPatches, parsePatch } from '../../src/patch/index.js';
import { renderConfig } from '../../src/emit/render.js';
import { conformanceFile } from '../helpers/shared.js';
import { stabilityCases } from '../generate/stability-cases.js';

export interface CaseResult {
  name: string;
  ok: boolean;
  detail?: string;
}

export interface Suite {
  name: string;
  run: () => Promise<CaseResult[]> | CaseResult[];
}

function firstDiff(a: string, b: string): string {
  const al = a.split('\n');
  const bl = b.split('\n');
  for (let i = 0; i < Math.max(al.length, bl.length); i++) {
    if (al[i] !== bl[i]) return `line ${i + 1}: got ${JSON.stringify(al[i])}, want ${JSON.stringify(bl[i])}`;
  }
  return '';
}

function attempt(name: string, fn: () => { got: string; want: string }): CaseResult {
  try {
    const { got, want } = fn();
    return got === want ? { name, ok: true } : { name, ok: false, detail: firstDiff(got, want) };
  } catch (e) {
    return { name, ok: false, detail: e instanceof Error ? e.message : String(e) };
  }
}

/** Talos TestConfigEncodingStability: 40 golden files, v1.5 … v1.14. */
export function stabilityResults(): CaseResult[] {
  return stabilityCases().map((c) =>
    attempt(c.name, () => {
      const contract = parseContract(c.contract);
      let docs: unknown[] = generateConfig(c.input, c.type);
      if (c.patchFile) {
        const file = conformanceFile('talos', 'stability', c.patchFile);
        docs = applyPatches(docs, [parsePatch(readFileSync(file, 'utf8'), file)], { contract });
      }
      return { got: renderConfig(docs, contract, 'talos'), want: c.expected };
    }),
  );
}

export const suites: Suite[] = [{ name: 'stability', run: stabilityResults }];
