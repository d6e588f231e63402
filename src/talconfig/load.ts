import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { TalgenError } from '../core/errors.js';
import { parseYamlText, type LoadedYaml } from '../load/yaml.js';
import { readMaybeEncrypted } from '../sops/index.js';
import { loadEnv, substituteMapped, type Env } from '../substitute/index.js';
import { mergeNodes } from './merge.js';
import type { NodeSpec, Talconfig } from './types.js';
import { checkNodes, sortFindings, talconfigSchema, validateTalconfig, type Finding } from './validate.js';
import { goDecodeLoaded } from '../model/go-decode.js';

/** talhelper's default env files, every existing one is read in this order. */
export const TALHELPER_ENV_FILES = ['talenv.yaml', 'talenv.sops.yaml', 'talenv.yml', 'talenv.sops.yml'];

export interface LoadTalconfigOptions {
  configFile: string;
  /** Env files, relative to the talconfig's directory; missing ones are skipped (talhelper's default list if omitted). */
  envFiles?: string[];
  processEnv?: NodeJS.ProcessEnv;
  /** Unknown keys are errors instead of warnings. */
  strict?: boolean;
  /** false: no environment substitution (talhelper's `validate talconfig --no-substitute`). */
  substitute?: boolean;
}

export interface LoadedTalconfig {
  file: string;
  /** The talconfig after substitution, anchors/merge keys resolved (not merged into nodes). */
  config: Talconfig;
  /** Positions: `doc.positionOf(path)` is file:line:col in the file as written (before substitution). */
  doc: LoadedYaml;
  env: Env;
  /** Env files that existed and were read. */
  envFiles: string[];
  /** Nodes after the group → node merge (empty when the document is not a talconfig at all). */
  nodes: NodeSpec[];
  /** Schema and node findings (errors and warnings) in source order. */
  findings: Finding[];
}

/**
 * Read talconfig like talhelper (env files → substitution on the text → YAML with anchors/merge keys), validate it
 * against schemas/talconfig.schema.json, merge groups into nodes and check the merged nodes.
 * Throws a TalgenError for a missing file, an env file or YAML that does not parse, and an unset variable;
 * validation problems are returned as `findings` (see `assertValid`).
 */
export async function loadTalconfig(o: LoadTalconfigOptions): Promise<LoadedTalconfig> {
  const file = resolve(o.configFile);
  if (!existsSync(file)) {
    throw new TalgenError(`talconfig not found (looked at ${file})`, { hint: 'pass the path to talconfig.yaml, or run talgen in the directory that holds it' });
  }
  const baseDir = dirname(file);
  const { env, files } = await loadEnv(o.envFiles ?? TALHELPER_ENV_FILES, { baseDir, processEnv: o.processEnv });
  const raw = (await readMaybeEncrypted(file)).text;
  let doc: LoadedYaml;
  if (o.substitute === false) doc = parseYamlText(raw, file);
  else {
    const sub = substituteMapped(raw, env, file);
    doc = parseYamlText(sub.text, file, { source: raw, map: sub.map });
  }
  doc.value = goDecodeLoaded(doc, talconfigSchema(), 'v3');
  const findings = await validateTalconfig(doc, { strict: o.strict });
  const config = doc.value as Talconfig;
  let nodes: NodeSpec[] = [];
  const shapeOk = config !== null && typeof config === 'object' && Array.isArray(config.nodes) && config.nodes.every((n) => n !== null && typeof n === 'object' && !Array.isArray(n));
  if (shapeOk) {
    nodes = mergeNodes(config);
    findings.push(...checkNodes(doc, nodes));
  }
  return { file, config, doc, env, envFiles: files, nodes, findings: sortFindings(findings) };
}
