import { readFileSync } from 'node:fs';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parseAllDocuments } from 'yaml';
import { parseContract } from '../../src/core/contract.js';
import { renderConfig } from '../../src/emit/render.js';
import { generateConfig } from '../../src/generate/index.js';
import { applyPatches, parsePatch } from '../../src/patch/index.js';
import { formatIssue } from '../../src/core/issue.js';
import { MODES, validateConfig } from '../../src/validate/index.js';
import { toIssue } from '../../src/validate/issues.js';
import { stabilityCases, type StabilityCase } from '../generate/stability-cases.js';
import { oracleAvailable, oracleQueue, upFront } from '../helpers/oracle.js';
import { conformanceFile, needConformance } from '../helpers/shared.js';

function render(c: StabilityCase): string {
  const contract = parseContract(c.contract);
  let docs: unknown[] = generateConfig(c.input, c.type);
  if (c.patchFile) {
    const file = conformanceFile('talos', 'stability', c.patchFile);
    docs = applyPatches(docs, [parsePatch(readFileSync(file, 'utf8'), file)], { contract });
  }
  return renderConfig(docs, contract, 'talos');
}

function skipped(contract: string): boolean {
  if (oracleAvailable(contract)) return false;
  console.log(`  skipped: no Talos oracle for ${contract} (needs Go; see scripts/build-oracle.sh)`);
  return true;
}

if (needConformance('stability goldens against the oracle')) {
  // every case is rendered and asked up front: one oracle batch per contract
  const ask = oracleQueue();
  for (const c of stabilityCases()) {
    const made = upFront(() => {
      const rendered = render(c);
      return {
        rendered,
        roundTrip: ask(c.contract, { op: 'roundtrip', config: rendered }),
        verdicts: MODES.map((mode) => ask(c.contract, { op: 'validate', mode, config: rendered })),
      };
    });

    test(`oracle ${c.contract}: talgen's ${c.name} is a fixed point of Talos's decode + encode`, () => {
      if (skipped(c.contract)) return;
      const { rendered, roundTrip } = made();
      const rt = roundTrip();
      if (!rt.ok) {
        assert.unreachable(`Talos refused talgen's config: ${rt.error}`);
        return;
      }
      assert.fixture(rt.out, rendered);
    });

    test(`oracle ${c.contract}: talgen's validation of ${c.name} agrees with Talos in every mode`, () => {
      if (skipped(c.contract)) return;
      const { rendered, verdicts } = made();
      const docs = parseAllDocuments(rendered).map((d) => d.toJS() as unknown);
      // every stability config is valid for a cloud node (overrides set extraKernelArgs, which metal refuses)
      const cloud = verdicts[MODES.indexOf('cloud')]!();
      assert.ok(cloud.ok, `cloud mode: Talos says ${cloud.ok ? 'valid' : cloud.error}`);
      for (const [m, mode] of MODES.entries()) {
        const talos = verdicts[m]!();
        const errors = validateConfig(docs, { contract: parseContract(c.contract), mode }).filter((i) => i.severity === 'error');
        const talgen = errors.map((e) => formatIssue(toIssue(e))).join('\n');
        assert.is(talgen === '', talos.ok, `${mode} mode: Talos says ${talos.ok ? 'valid' : talos.error}; talgen says ${talgen || 'valid'}`);
      }
    });
  }
}

test.run();
