import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { traced, tracedAsync } from '../core/debug.js';
import { TalgenError } from '../core/errors.js';
import { sortIssues, type Issue } from '../core/issue.js';
import { parseYamlText, type LoadedYaml } from '../load/yaml.js';
import { readMaybeEncrypted, type SecretSink } from '../sops/index.js';
import { loadEnv, substituteMapped, type Env } from '../substitute/index.js';
import { DEFAULT_ENV_FILES } from './defaults.js';
import { mergeNodes } from './merge.js';
import { checkTalconfig } from './rules.js';
import type { NodeSpec, Talconfig } from './types.js';
import { talconfigSchema, validateTalconfig } from './validate.js';
import { goDecodeLoaded } from '../model/go-decode.js';

export interface LoadTalconfigOptions {
  configFile: string;
  /**
   * Env files (`-e`); missing ones are skipped (talhelper's default list if omitted). Relative paths resolve against
   * `cwd`, as talhelper stats them in its working directory.
   */
  envFiles?: string[];
  /** Working directory for `envFiles` (default: process.cwd()). */
  cwd?: string;
  processEnv?: NodeJS.ProcessEnv;
  /** Unknown keys are errors instead of warnings. */
  strict?: boolean;
  /** false: no env files are read and nothing is substituted (talhelper's `validate talconfig --no-substitute`). */
  substitute?: boolean;
  /** Hears every value decrypted from a SOPS file (env files, an encrypted talconfig). */
  onSecret?: SecretSink;
}

export interface LoadedTalconfig {
  file: string;
  /** Directory that `@file` paths inside the talconfig are relative to (talhelper's SubstituteRelativePaths). */
  baseDir: string;
  /** The talconfig after substitution, anchors/merge keys resolved (not merged into nodes). */
  config: Talconfig;
  /** Positions: `doc.positionOf(path)` is file:line:col in the file as written (before substitution). */
  doc: LoadedYaml;
  env: Env;
  /** Env files that existed and were read. */
  envFiles: string[];
  /** Nodes after the group → node merge (empty when the document is not a talconfig at all). */
  nodes: NodeSpec[];
  /** Schema and talhelper-validator issues (errors and warnings) in source order. */
  issues: Issue[];
}

/**
 * The one talconfig front end, as talhelper reads it: env files → substitution on the text (positions kept) → YAML
 * with anchors/merge keys → schema validation (unknown fields are warnings, like go-yaml's lenient Unmarshal) →
 * group → node merge → talhelper's validator rules on the merged nodes.
 * Throws a TalgenError for a missing file, an env file or YAML that does not parse, and an unset variable;
 * validation problems are returned as `issues` (see `assertValid`).
 */
export async function loadTalconfig(o: LoadTalconfigOptions): Promise<LoadedTalconfig> {
  return tracedAsync(
    'load',
    resolve(o.configFile),
    () => readTalconfig(o),
    (r) => ({ nodes: r.nodes.length, issues: r.issues.length }),
  );
}

async function readTalconfig(o: LoadTalconfigOptions): Promise<LoadedTalconfig> {
  const file = resolve(o.configFile);
  if (!existsSync(file)) {
    throw new TalgenError(`talconfig not found (looked at ${file})`, { hint: 'pass the path to talconfig.yaml, or run talgen in the directory that holds it' });
  }
  const baseDir = dirname(file);
  const substitute = o.substitute !== false;
  const { env, files } = substitute
    ? await tracedAsync(
        'substitute',
        'env files',
        () => loadEnv(o.envFiles ?? DEFAULT_ENV_FILES, { baseDir: o.cwd ?? process.cwd(), processEnv: o.processEnv, onSecret: o.onSecret }),
        (r) => ({ files: r.files.length }),
      )
    : { env: {}, files: [] };
  const raw = (await readMaybeEncrypted(file, { onSecret: o.onSecret })).text;
  let doc: LoadedYaml;
  if (!substitute) doc = parseYamlText(raw, file);
  else {
    const sub = traced(
      'substitute',
      file,
      () => substituteMapped(raw, env, file),
      (r) => ({ chars: r.text.length }),
    );
    doc = parseYamlText(sub.text, file, { source: raw, map: sub.map });
  }
  // The one place talconfig values meet the schema: Go's decoding rules first (any scalar into a string field is
  // its text, YAML 1.1 bools into bool fields, …), then validateTalconfig sees doc.value exactly as decoded.
  doc.value = goDecodeLoaded(doc, talconfigSchema(), 'v3');
  const issues = await validateTalconfig(doc, { strict: o.strict });
  const config = doc.value as Talconfig;
  let nodes: NodeSpec[] = [];
  const shapeOk =
    config !== null &&
    typeof config === 'object' &&
    Array.isArray(config.nodes) &&
    config.nodes.every((n) => n !== null && typeof n === 'object' && !Array.isArray(n));
  if (shapeOk) {
    nodes = mergeNodes(config);
    issues.push(...checkTalconfig(doc, config, nodes, baseDir));
  }
  return { file, baseDir, config, doc, env, envFiles: files, nodes, issues: sortIssues(issues) };
}
