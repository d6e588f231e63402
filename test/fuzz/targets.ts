/**
 * The fuzz categories: for each, how its inputs are made (structure-aware generators and mutations of real inputs)
 * and which of talgen's own functions run them, in-process and in the order genconfig calls them.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import fc from 'fast-check';
import { loadRepo } from '../../src/compile/load-repo.js';
import { applyPatchBatch, type SourceAccess } from '../../src/compile/patch-steps.js';
import { genconfig } from '../../src/compile/talhelper-genconfig.js';
import { parseContract } from '../../src/core/contract.js';
import { renderConfig } from '../../src/emit/render.js';
import { generateConfig } from '../../src/generate/index.js';
import { plainView } from '../../src/patch/plain.js';
import { v1alpha1TemplateData } from '../../src/plan/go-template-data.js';
import { encodeSecretsBundle, generateSecretsBundle, loadSecretsBundle } from '../../src/secrets/index.js';
import { encryptText, openMaybeEncrypted, type KeySource, type SopsFormat } from '../../src/sops/index.js';
import { parseEnvFile, substitute, substituteMapped } from '../../src/substitute/index.js';
import { DEFAULT_ENV_FILES, DEFAULT_SECRET_FILES } from '../../src/talconfig/defaults.js';
import { buildTalosconfig } from '../../src/talosconfig/index.js';
import { renderGoTemplate } from '../../src/template/index.js';
import { checkRendered } from '../../src/validate/index.js';
import { CLI } from '../helpers/cli.js';
import { ROOT } from '../helpers/shared.js';
import { envFile, goTemplate, patchText, talconfigText } from './generators.js';
import { mutatedText } from './mutate.js';
import type { SeedSet } from './seeds.js';

export const CATEGORIES = ['talconfig', 'patch', 'env', 'sops', 'secrets', 'template'] as const;
export type Category = (typeof CATEGORIES)[number];

/** Share of a run per category (talconfig runs the whole pipeline, so it gets fewer, slower inputs). */
export const WEIGHTS: Record<Category, number> = { talconfig: 2, patch: 3, env: 1.5, sops: 1.5, secrets: 1, template: 2 };

/** One input: what the crash report shows (`text`, the file the input plays) and how to run it. */
export interface FuzzInput {
  origin: string;
  file: string;
  text: string;
  run: () => Promise<unknown>;
  /** Talconfig inputs also run through the built CLI (the CLI sample): its exit code and stderr. */
  cli?: () => { code: number | null; signal: string | null; stderr: string };
}

/** A repo the talconfig inputs are rendered in: a private copy with its talconfig replaced by each input. */
interface BaseRepo {
  name: string;
  cwd: string;
  configFile: string;
  original: string;
  envFiles: string[];
  secretFiles: string[];
  processEnv: NodeJS.ProcessEnv;
}

/** A corpus repo prepared by the parent (test/corpus/prepare.ts), copied by each worker. */
export interface PreparedRepo {
  name: string;
  root: string;
  cwd: string;
  configFile: string;
  args: string[];
  env: NodeJS.ProcessEnv;
}

const CONTRACT = { ...parseContract('v1.10'), newestMachinery: true };
const AGE_KEY_FILE = join(ROOT, 'examples', 'basic', 'age-test-key.txt');
const noWarnings = () => undefined;

function flagValues(args: string[], flag: string): string[] {
  return args.flatMap((a, i) => (args[i - 1] === flag ? [a] : []));
}

function copyRepo(name: string, src: string, cwdInSrc: string, configFile: string, env: NodeJS.ProcessEnv, args: string[]): BaseRepo {
  const root = mkdtempSync(join(tmpdir(), 'talgen-fuzz-'));
  cpSync(src, root, { recursive: true, filter: (p) => !p.endsWith('/clusterconfig') });
  const cwd = join(root, relative(src, cwdInSrc));
  const file = join(cwd, configFile);
  const e = flagValues(args, '-e');
  const s = flagValues(args, '-s');
  return {
    name,
    cwd,
    configFile: file,
    original: readFileSync(file, 'utf8'),
    envFiles: e.length ? e : DEFAULT_ENV_FILES,
    secretFiles: s.length ? s : DEFAULT_SECRET_FILES,
    processEnv: env,
  };
}

/** Everything a worker builds once: repos, a base config, SOPS seeds in every format, secrets bundles. */
export interface Context {
  repos: BaseRepo[];
  generated: BaseRepo;
  seeds: SeedSet;
  baseDocs: unknown[];
  bundles: { name: string; text: string }[];
  sops: { name: string; text: string; format: SopsFormat }[];
  keys: KeySource;
  templateData: unknown;
}

export async function makeContext(seeds: SeedSet, corpus: PreparedRepo[]): Promise<Context> {
  process.env.SOPS_AGE_KEY_FILE = AGE_KEY_FILE;
  const bundle = generateSecretsBundle(CONTRACT);
  const bundleText = encodeSecretsBundle(bundle);
  const repos = ['basic', 'tailscale'].map((n) => copyRepo(`examples/${n}`, join(ROOT, 'examples', n), join(ROOT, 'examples', n), 'talconfig.yaml', {}, []));
  writeFileSync(join(repos[1]!.cwd, 'talsecret.yaml'), bundleText);
  for (const c of corpus) repos.push(copyRepo(`corpus/${c.name}`, c.root, c.cwd, c.configFile, c.env, c.args));
  const generated = copyRepo('generated', repos[1]!.cwd, repos[1]!.cwd, 'talconfig.yaml', {}, []);

  const input = {
    clusterName: 'fuzz',
    endpoint: 'https://10.0.0.10:6443',
    kubernetesVersion: '1.33.1',
    contract: CONTRACT,
    secrets: bundle,
    installDisk: '/dev/sda',
  };
  const baseDocs = generateConfig(input, 'controlplane').map(plainView);

  const keyText = readFileSync(AGE_KEY_FILE, 'utf8');
  const key = /^AGE-SECRET-KEY-\S+$/m.exec(keyText)![0];
  const recipient = /public key: (age1\S+)/.exec(keyText)![1]!;
  const keys: KeySource = { identities: [key], tried: [AGE_KEY_FILE] };
  const plain: [string, string, SopsFormat][] = [
    ['talenv.yaml', readFileSync(join(ROOT, 'examples', 'tailscale', 'talenv.yaml'), 'utf8'), 'yaml'],
    ['talsecret.yaml', bundleText, 'yaml'],
    ['env.json', '{"a": "b", "n": 1, "f": 1.5, "t": true, "z": null, "l": [1, "x", false], "o": {"k": "v"}}', 'json'],
    ['.env', 'A=1\nB=two words\n#comment\nC=\n', 'dotenv'],
    ['x.ini', '[s]\na = 1\nb = two\n[t]\nc = x\n', 'ini'],
    ['blob.bin', 'binary \u0000 payload', 'binary'],
  ];
  const sops = [
    ...(await Promise.all(
      plain.map(async ([name, text, format]) => ({ name, format, text: await encryptText(text, name, { recipients: [recipient], format }) })),
    )),
    ...['talenv.sops.yaml', 'talsecret.sops.yaml'].map((n) => ({
      name: n,
      format: 'yaml' as SopsFormat,
      text: readFileSync(join(ROOT, 'examples', 'basic', n), 'utf8'),
    })),
  ];
  const bundles = [
    { name: 'v1.10 bundle', text: bundleText },
    { name: 'v1.3 bundle', text: encodeSecretsBundle(generateSecretsBundle(parseContract('v1.3'))) },
  ];
  return {
    repos,
    generated,
    seeds,
    baseDocs,
    bundles,
    sops,
    keys,
    templateData: v1alpha1TemplateData(structuredClone(baseDocs[0] as Record<string, unknown>)),
  };
}

/** Half structure-aware, half mutated seeds (mutations only when there are seeds). */
function half<T>(generated: fc.Arbitrary<T>, mutated: fc.Arbitrary<T> | undefined): fc.Arbitrary<T> {
  return mutated ? fc.oneof(generated, mutated) : generated;
}

async function renderRepo(repo: BaseRepo, text: string, files: Record<string, string> = {}): Promise<unknown> {
  writeFileSync(repo.configFile, text);
  for (const [n, t] of Object.entries(files)) writeFileSync(join(repo.cwd, n), t);
  const loaded = await loadRepo({
    configFile: repo.configFile,
    envFiles: repo.envFiles,
    secretFiles: repo.secretFiles,
    cwd: repo.cwd,
    strict: false,
    onWarning: noWarnings,
    processEnv: repo.processEnv,
  });
  return genconfig(loaded, {
    configFile: repo.configFile,
    outDir: join(repo.cwd, 'fuzz-out'),
    mode: 'metal',
    dryRun: false,
    noGitignore: true,
    disableNodesSection: false,
    crtTTLHours: 8760,
    format: 'talhelper',
    force: true,
    onWarning: noWarnings,
  });
}

/** The same input through `talgen genconfig` as a user runs it (output to a temp dir, removed after). */
function renderRepoCli(repo: BaseRepo, text: string, files: Record<string, string> = {}): { code: number | null; signal: string | null; stderr: string } {
  writeFileSync(repo.configFile, text);
  for (const [n, t] of Object.entries(files)) writeFileSync(join(repo.cwd, n), t);
  const out = mkdtempSync(join(tmpdir(), 'talgen-fuzz-out-'));
  const flags = [...repo.envFiles.flatMap((f) => ['-e', f]), ...repo.secretFiles.filter((f) => existsSync(join(repo.cwd, f))).flatMap((f) => ['-s', f])];
  const r = spawnSync(process.execPath, [CLI, 'genconfig', '-c', repo.configFile, '-o', join(out, 'o'), ...flags], {
    cwd: repo.cwd,
    env: { ...process.env, ...repo.processEnv, SOPS_AGE_KEY_FILE: AGE_KEY_FILE },
    encoding: 'utf8',
    timeout: 10_000,
  });
  rmSync(out, { recursive: true, force: true });
  return { code: r.status, signal: r.signal, stderr: r.stderr };
}

/** SOPS-specific damage: fields of ENC[…] values (incl. the MAC) and metadata values replaced. */
const b64 = (n: number) => Buffer.alloc(n, 7).toString('base64');
const sopsMutation = fc.oneof(
  fc
    .tuple(
      fc.nat(),
      fc.constantFrom('data', 'iv', 'tag', 'type'),
      fc.oneof(
        fc.constantFrom(0, 1, 11, 12, 13, 15, 16, 17, 32, 1000).map(b64),
        fc.constantFrom('', '!!!', '====', 'AA=A', 'str', 'int', 'float', 'bool', 'bytes', 'comment', 'INT', 'weird', 'ENC['),
      ),
    )
    .map(([k, field, v]) => (t: string) => {
      const all = [...t.matchAll(/ENC\[AES256_GCM,data:([^,\]]*),iv:([^,\]]*),tag:([^,\]]*),type:([^\]]*)\]/g)];
      if (!all.length) return t;
      const m = all[k % all.length]!;
      const parts = { data: m[1], iv: m[2], tag: m[3], type: m[4], [field]: v };
      return t.slice(0, m.index) + `ENC[AES256_GCM,data:${parts.data},iv:${parts.iv},tag:${parts.tag},type:${parts.type}]` + t.slice(m.index! + m[0].length);
    }),
  fc
    .tuple(
      fc.constantFrom('lastmodified', 'version', 'recipient', 'mac_only_encrypted', 'unencrypted_suffix', 'encrypted_regex', 'unencrypted_regex', 'mac'),
      fc.constantFrom('', 'x', '(a+)+$', '[', '2024-13-45T99:00:00Z', '3.99.0', 'true', 'age1qqqq', '1e400', '\ud800'),
    )
    .map(
      ([key, v]) =>
        (t: string) =>
          t.replace(new RegExp(`(${key}["']?\\s*[:=]\\s*["']?)([^"'\\n,]*)`), (_, a: string) => `${a}${v}`),
    ),
  fc.nat().map((k) => (t: string) => {
    // damage the age stanza of the data key
    const m = /-----BEGIN AGE ENCRYPTED FILE-----([\s\S]*?)-----END/.exec(t);
    if (!m) return t;
    const i = m.index + 35 + (k % Math.max(1, m[1]!.length - 1));
    return t.slice(0, i) + (t[i] === 'A' ? 'B' : 'A') + t.slice(i + 1);
  }),
);

/** Bundle damage that keeps the YAML: one base64 value swapped with another, cut short or replaced. */
const bundleMutation = fc.tuple(fc.nat(), fc.nat(), fc.constantFrom('swap', 'cut', 'garbage', 'empty', 'pem')).map(([a, b, how]) => (t: string) => {
  const vals = [...t.matchAll(/: ([A-Za-z0-9+/=]{16,})$/gm)];
  if (!vals.length) return t;
  const m = vals[a % vals.length]!;
  const other = vals[b % vals.length]![1]!;
  const v = {
    swap: other,
    cut: m[1]!.slice(0, m[1]!.length >> 1),
    garbage: 'AAAA' + m[1]!.slice(4),
    empty: '""',
    pem: Buffer.from('-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n').toString('base64'),
  }[how];
  return t.slice(0, m.index! + 2) + v + t.slice(m.index! + m[0].length);
});

/** Each category's inputs as an arbitrary over the worker's context. */
export function arbitraries(ctx: Context): Record<Category, fc.Arbitrary<FuzzInput>> {
  const { seeds } = ctx;
  const repoSeeds = ctx.repos.map((r) => ({ name: r.name, text: r.original }));
  const talconfig = half(
    talconfigText().map(
      ({ talconfig, files }): FuzzInput => ({
        origin: 'generated talconfig',
        file: 'talconfig.yaml',
        text: talconfig,
        run: () => renderRepo(ctx.generated, talconfig, files),
        cli: () => renderRepoCli(ctx.generated, talconfig, files),
      }),
    ),
    fc.tuple(fc.nat(), fc.nat()).chain(([r]) => {
      const repo = ctx.repos[r % ctx.repos.length]!;
      return mutatedText([{ name: repo.name, text: repo.original }], [...repoSeeds, ...seeds.talconfig]).map(
        ({ text }): FuzzInput => ({
          origin: `mutated ${repo.name}/talconfig`,
          file: 'talconfig.yaml',
          text,
          run: () => renderRepo(repo, text),
          cli: () => renderRepoCli(repo, text),
        }),
      );
    }),
  );
  // A patch file (`@p.yaml`, read from the worker's repo copy) or the same text inline in the talconfig, through
  // genconfig's patch step (templates, env substitution, parse, apply, errors relocated), then validated and encoded.
  const patchFile = join(ctx.generated.cwd, 'p.yaml');
  const access: SourceAccess = { readText: async (p) => readFileSync(p, 'utf8'), substitute: (t, f) => substitute(t, {}, f), env: () => undefined };
  const runPatch = (text: string, inline: boolean) => async () => {
    writeFileSync(patchFile, text);
    const ref = inline
      ? { spec: text, label: 'patches[0]', at: { file: ctx.generated.configFile, line: 6, col: 5, path: 'patches[0]' } }
      : { spec: `@${patchFile}`, label: 'patches[0]', at: { file: ctx.generated.configFile, line: 6, col: 5, path: 'patches[0]' } };
    const docs = await applyPatchBatch(structuredClone(ctx.baseDocs) as Record<string, unknown>[], [ref], {
      contract: CONTRACT,
      access,
      onWarning: noWarnings,
    });
    checkRendered(docs, { contract: CONTRACT, mode: 'metal', schema: false, source: 'nodes[0] (fuzz)', onWarning: noWarnings });
    return renderConfig(docs, CONTRACT, 'talhelper');
  };
  const patch = half(
    fc
      .tuple(patchText(), fc.boolean())
      .map(([text, inline]): FuzzInput => ({ origin: `generated patch${inline ? ' (inline)' : ''}`, file: 'p.yaml', text, run: runPatch(text, inline) })),
    seeds.patch.length
      ? fc.tuple(mutatedText(seeds.patch), fc.boolean()).map(
          ([{ seed, text }, inline]): FuzzInput => ({
            origin: `mutated ${seed}${inline ? ' (inline)' : ''}`,
            file: 'p.yaml',
            text,
            run: runPatch(text, inline),
          }),
        )
      : undefined,
  );
  const runEnv = (name: string, text: string, use: string) => async () => {
    const env = parseEnvFile(text, `fuzz/${name}`);
    const refs = Object.keys(env)
      .map((k) => `${k}: \${${k}} # $${k}\nd${k}: \${${k}:-\${UNSET:-x}}\n`)
      .join('');
    substitute(`${refs}${use}`, env, 'fuzz/talconfig.yaml');
    return substituteMapped(`${use}\n${refs}`, env, 'fuzz/talconfig.yaml');
  };
  const envUse = fc.oneof(fc.constant(''), ...(seeds.talconfig.length ? [fc.constantFrom(...seeds.talconfig.map((s) => s.text))] : []));
  const env = half(
    fc.tuple(envFile(), envUse).map(([{ name, text }, use]): FuzzInput => ({ origin: 'generated env file', file: name, text, run: runEnv(name, text, use) })),
    seeds.env.length
      ? fc
          .tuple(mutatedText(seeds.env), envUse)
          .map(([{ seed, text }, use]): FuzzInput => ({ origin: `mutated ${seed}`, file: 'talenv.yaml', text, run: runEnv('talenv.yaml', text, use) }))
      : undefined,
  );
  const sops = fc.tuple(fc.constantFrom(...ctx.sops), fc.array(sopsMutation, { minLength: 1, maxLength: 3 }), fc.boolean()).chain(([s, ms, bytes]) => {
    const damaged = ms.reduce((t, m) => m(t), s.text);
    const text = bytes ? mutatedText([{ name: s.name, text: damaged }]) : fc.constant({ seed: s.name, text: damaged });
    return text.map(
      ({ text: t }): FuzzInput => ({
        origin: `SOPS ${s.format} ${s.name}${bytes ? ' + bytes' : ''}`,
        file: s.name,
        text: t,
        run: () => openMaybeEncrypted(t, `fuzz/${s.name}`, { keys: ctx.keys, format: s.format }),
      }),
    );
  });
  const runSecrets = (text: string) => async () => {
    const bundle = loadSecretsBundle(text, 'fuzz/talsecret.yaml');
    const docs = generateConfig(
      { clusterName: 'fuzz', endpoint: 'https://10.0.0.10:6443', kubernetesVersion: '1.33.1', contract: CONTRACT, secrets: bundle },
      'controlplane',
    );
    renderConfig(docs, CONTRACT, 'talhelper');
    return buildTalosconfig({ contextName: 'fuzz', endpoints: ['10.0.0.10'], osCA: bundle.certs.os });
  };
  const secrets = fc.oneof(
    fc.tuple(fc.constantFrom(...ctx.bundles), fc.array(bundleMutation, { minLength: 1, maxLength: 2 })).map(([b, ms]): FuzzInput => {
      const text = ms.reduce((t, m) => m(t), b.text);
      return { origin: `damaged ${b.name}`, file: 'talsecret.yaml', text, run: runSecrets(text) };
    }),
    mutatedText(ctx.bundles).map(({ seed, text }): FuzzInput => ({ origin: `mutated ${seed}`, file: 'talsecret.yaml', text, run: runSecrets(text) })),
  );
  const runTemplate = (text: string) => async () => renderGoTemplate(text, ctx.templateData, 'fuzz', { file: 'fuzz/patch.yaml', env: () => 'value' });
  const template = half(
    goTemplate().map((text): FuzzInput => ({ origin: 'generated template', file: 'patch.yaml', text, run: runTemplate(text) })),
    seeds.template.length
      ? mutatedText(seeds.template).map(({ seed, text }): FuzzInput => ({ origin: `mutated ${seed}`, file: 'patch.yaml', text, run: runTemplate(text) }))
      : undefined,
  );
  return { talconfig, patch, env, sops, secrets, template };
}
