import { readFileSync } from 'node:fs';
import { parse, parseAllDocuments } from 'yaml';
import { TalgenError } from '../../src/core/errors.js';
import { normalizeDocument } from '../../src/model/normalize.js';
import { extractPatchDeletes } from '../../src/patch/strategic.js';
import { deepEqual, plainView } from '../../src/patch/plain.js';
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

/** Talos TestConfigEncodingStability: 52 golden files, v1.3 … v1.15. */
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

const docsOf = (text: string) =>
  parseAllDocuments(text)
    .map((d) => d.toJS())
    .filter((d) => d != null) as Record<string, unknown>[];

/** Talos configpatcher testdata: inputs, patches in order, expected bytes (v1.13; `_head_changes` for v1.14). */
export function configpatcherResults(): CaseResult[] {
  const dir = (...p: string[]) => conformanceFile('talos', 'configpatcher', ...p);
  const read = (...p: string[]) => readFileSync(dir(...p), 'utf8');
  const run = (contractName: string, base: string, patchFiles: string[], onWarning?: (m: string) => void) => {
    const contract = parseContract(contractName);
    const patches = patchFiles.map((f) => parsePatch(read(...f.split('/')), f));
    return renderConfig(applyPatches(docsOf(read(...base.split('/'))), patches, { contract, onWarning }), contract, 'talos');
  };
  const applyPatches_ = ['apply/strategic1.yaml', 'apply/jsonpatch1.yaml', 'apply/jsonpatch2.yaml', 'apply/strategic2.yaml', 'apply/strategic3.yaml'];
  const results: CaseResult[] = [
    attempt('apply (v1.13)', () => ({ got: run('v1.13', 'apply/config.yaml', applyPatches_), want: read('apply', 'expected.yaml') })),
    attempt('apply manifests (v1.13)', () => ({
      got: run('v1.13', 'apply/config.yaml', ['apply/strategic4.yaml']),
      want: read('apply', 'expected_manifests.yaml'),
    })),
    attempt('apply (v1.14 semantics)', () => ({
      got: run('v1.14', 'apply/config.yaml', applyPatches_),
      want: read('_head_changes', 'apply', 'expected.yaml'),
    })),
    attempt('apply manifests (v1.14 semantics)', () => ({
      got: run('v1.14', 'apply/config.yaml', ['apply/strategic4.yaml']),
      want: read('_head_changes', 'apply', 'expected_manifests.yaml'),
    })),
    attempt('multidoc', () => ({
      got: run('v1.13', 'multidoc/config.yaml', ['multidoc/strategic1.yaml', 'multidoc/strategic2.yaml']),
      want: read('multidoc', 'expected.yaml'),
    })),
    attempt('multidoc: deleting a missing document is skipped (v1.14)', () => ({
      got: run('v1.14', 'multidoc/config.yaml', ['multidoc/strategic1.yaml', 'multidoc/strategic2.yaml', '_head_changes/multidoc/strategic3.yaml']),
      want: run('v1.14', 'multidoc/config.yaml', ['multidoc/strategic1.yaml', 'multidoc/strategic2.yaml']),
    })),
    attempt('multidoc + RFC 6902: applied to v1alpha1 with a warning (intentional difference from Talos)', () => {
      const warnings: string[] = [];
      const got = run('v1.13', 'multidoc/config.yaml', ['multidoc/jsonpatch.yaml'], (m) => warnings.push(m));
      const ok = warnings.length === 1 && /RFC 6902/.test(warnings[0]!) && got !== run('v1.13', 'multidoc/config.yaml', []);
      return { got: String(ok), want: 'true' };
    }),
    attempt('auditpolicy', () => ({ got: run('v1.13', 'auditpolicy/config.yaml', ['auditpolicy/patch1.yaml']), want: read('auditpolicy', 'expected.yaml') })),
    attempt('patchdelete', () => ({
      got: run('v1.13', 'patchdelete/config.yaml', ['patchdelete/strategic1.yaml']),
      want: read('patchdelete', 'expected.yaml'),
    })),
    attempt('patchdelete controlplane', () => ({
      got: run('v1.13', 'patchdelete/controlplane_orig.yaml', ['patchdelete/strategic2.yaml', 'patchdelete/strategic3.yaml', 'patchdelete/strategic4.yaml']),
      want: read('patchdelete', 'controlplane_expected.yaml'),
    })),
    attempt('patchdeletemissing: error text', () => {
      try {
        run('v1.13', 'patchdeletemissing/config.yaml', ['patchdeletemissing/strategic1.yaml']);
        return { got: 'no error', want: 'error' };
      } catch (e) {
        return {
          got: e instanceof TalgenError ? e.message : String(e),
          want: "patch delete: path 'machine.network.hostname' in document '/v1alpha1': failed to delete path 'machine.network.hostname': lookup failed",
        };
      }
    }),
    attempt('patchlink', () => ({ got: run('v1.13', 'patchlink/base.yaml', ['patchlink/patch.yaml']), want: read('patchlink', 'expected.yaml') })),
    attempt('patchmixed (v1.14)', () => ({
      got: run('v1.14', '_head_changes/patchmixed/base.yaml', ['_head_changes/patchmixed/patch.yaml']),
      want: read('_head_changes', 'patchmixed', 'expected.yaml'),
    })),
  ];
  return results;
}

/** v1alpha1 strategic merge: left + right == expected, compared as typed documents. */
export function strategicResults(): CaseResult[] {
  const contract = parseContract('v1.13');
  return ['001', '002', '003', '004', '005', '006'].map((n) =>
    attempt(`v1alpha1-strategic/${n}`, () => {
      const read = (f: string) => readFileSync(conformanceFile('talos', 'v1alpha1-strategic', n, f), 'utf8');
      const merged = applyPatches([parse(read('left.yaml'))], [parsePatch(read('right.yaml'), 'right.yaml')], { contract });
      const got = JSON.stringify(plainView(normalizeDocument(merged[0], contract)));
      const want = JSON.stringify(plainView(normalizeDocument(parse(read('expected.yaml')), contract)));
      return { got, want };
    }),
  );
}

/** configloader decoder: `$patch: delete` directives are taken out of the decoded documents. */
export function decoderDeleteResults(): CaseResult[] {
  return [
    attempt('configloader-decoder/delete', () => {
      const read = (f: string) => readFileSync(conformanceFile('talos', 'configloader-decoder', 'delete', f), 'utf8');
      const got = extractPatchDeletes(docsOf(read('delete.yaml')));
      const want = docsOf(read('delete_expected.yaml'));
      return { got: String(deepEqual(got, want)), want: 'true' };
    }),
  ];
}

/** Real sops output (age recipients): decrypts to the expected plaintext with the MAC verified. */
export async function sopsResults(): Promise<CaseResult[]> {
  const { decryptText, formatOf } = await import('../../src/sops/index.js');
  const manifest = JSON.parse(readFileSync(conformanceFile('sops', 'manifest.json'), 'utf8')) as {
    file: string;
    key: string;
    format: string;
    expected: unknown;
  }[];
  const out: CaseResult[] = [];
  for (const e of manifest.filter((x) => x.key.endsWith('.txt'))) {
    try {
      const identities = readFileSync(conformanceFile('sops', e.key), 'utf8').match(/AGE-SECRET-KEY-1[0-9A-Z]+/g) ?? [];
      const text = await decryptText(readFileSync(conformanceFile('sops', e.file), 'utf8'), e.file, {
        keys: { identities, tried: [] },
        format: formatOf(e.file),
      });
      const got =
        e.format === 'dotenv'
          ? Object.fromEntries(
              text
                .trim()
                .split('\n')
                .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
            )
          : e.format === 'json'
            ? JSON.parse(text)
            : parse(text);
      const want = e.format === 'dotenv' ? Object.fromEntries(Object.entries(e.expected as object).map(([k, v]) => [k, String(v)])) : e.expected;
      out.push({ name: e.file, ok: deepEqual(JSON.parse(JSON.stringify(got)), want), detail: 'plaintext differs' });
    } catch (err) {
      out.push({ name: e.file, ok: false, detail: (err as Error).message });
    }
  }
  return out;
}

/** Image Factory schematic IDs computed offline vs the factory's. */
export async function schematicResults(): Promise<CaseResult[]> {
  const { parseSchematic, schematicId } = await import('../../src/factory/index.js');
  const rows = readFileSync(conformanceFile('schematics.tsv'), 'utf8').trim().split('\n').slice(1);
  return rows.map((row, i) =>
    attempt(`schematics.tsv row ${i + 1}`, () => {
      const [esc, id] = row.split('\t') as [string, string];
      const text = esc.replace(/\\n/g, '\n').replace(/\\t/g, '\t').replace(/\\\\/g, '\\');
      return { got: schematicId(parseSchematic(parse(text))), want: id };
    }),
  );
}

/** talhelper's own example repo renders with its test key. */
export async function talhelperExampleResults(): Promise<CaseResult[]> {
  const { loadRepo } = await import('../../src/compile/load-repo.js');
  const { genconfig } = await import('../../src/compile/talhelper-genconfig.js');
  const dir = conformanceFile('talhelper', 'example');
  const saved = process.env.SOPS_AGE_KEY_FILE;
  process.env.SOPS_AGE_KEY_FILE = `${dir}/key.txt`;
  try {
    const repo = await loadRepo({
      configFile: `${dir}/talconfig.yaml`,
      envFiles: ['talenv.yaml'],
      secretFiles: ['talsecret.yaml'],
      cwd: dir,
      strict: false,
      onWarning: () => {},
    });
    const res = await genconfig(repo, {
      configFile: `${dir}/talconfig.yaml`,
      outDir: '/nonexistent-talgen-out',
      mode: 'metal',
      dryRun: false,
      noGitignore: true,
      disableNodesSection: false,
      crtTTLHours: 24,
      format: 'talhelper',
      onWarning: () => {},
    });
    return res.files.map((f) => ({ name: f.path.split('/').pop()!, ok: f.data.length > 0 }));
  } catch (e) {
    return [{ name: 'talhelper example', ok: false, detail: (e as Error).message }];
  } finally {
    if (saved === undefined) delete process.env.SOPS_AGE_KEY_FILE;
    else process.env.SOPS_AGE_KEY_FILE = saved;
  }
}

export const suites: Suite[] = [
  { name: 'stability', run: stabilityResults },
  { name: 'configpatcher', run: configpatcherResults },
  { name: 'v1alpha1-strategic', run: strategicResults },
  { name: 'configloader-decoder', run: decoderDeleteResults },
  { name: 'sops', run: sopsResults },
  { name: 'schematics', run: schematicResults },
  { name: 'talhelper-example', run: talhelperExampleResults },
];
