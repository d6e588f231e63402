import { knownExtensionNames } from '../factory/index.js';
import { talconfigSchema } from './validate.js';

type Schema = Record<string, unknown>;

/**
 * A reference to an environment variable as talhelper's envsubst reads it (`$NAME`, `${NAME}`, `${NAME:-default}`):
 * an editor sees talconfig.yaml before substitution, so a value holding one is judged only after it.
 */
const ENV_REFERENCE = '\\$\\{?[A-Za-z_]';

/**
 * The talconfig JSON Schema as editors and external validators get it (`talgen genschema`, `talgen init`): one
 * view of schemas/talconfig.schema.json, the schema `talgen validate talconfig` and `genconfig` compile. Row by row:
 *
 * | schemas/talconfig.schema.json                      | editor view                                            |
 * | -------------------------------------------------- | ------------------------------------------------------ |
 * | `x-…` keywords (go-decode hints of talgen's model) | dropped: strict validators refuse unknown keywords     |
 * | `pattern`                                          | the pattern, or a value with an env variable reference |
 * | `format`                                           | the format, or a value with an env variable reference  |
 * | officialExtensions items: any string               | enum: every name in talgen's extension catalog         |
 *
 * The extension names are one enum for all releases: talosVersion is often itself a variable, or absent (talhelper's
 * default), so an if/then per release would rarely apply, and a release newer than the catalog must stay accepted;
 * the per-release check is `talgen validate talconfig`'s, with the name of the release.
 */
export function editorSchema(): Schema {
  const view = project(talconfigSchema()) as Schema;
  const defs = view.$defs as Record<string, Schema>;
  const exts = at(defs.schematic!, 'customization', 'systemExtensions', 'officialExtensions');
  exts.items = { ...(exts.items as Schema), enum: knownExtensionNames() };
  return view;
}

function project(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(project);
  if (node === null || typeof node !== 'object') return node;
  const out: Schema = {};
  for (const [k, v] of Object.entries(node)) {
    if (k.startsWith('x-')) continue;
    // Inside properties and $defs the keys are names, not keywords: only their values are projected.
    out[k] = k === 'properties' || k === '$defs' ? Object.fromEntries(Object.entries(v as Schema).map(([n, s]) => [n, project(s)])) : project(v);
  }
  if (typeof out.pattern === 'string') out.pattern = `${out.pattern}|${ENV_REFERENCE}`;
  if (typeof out.format === 'string') {
    const { format, ...rest } = out;
    const either = [{ format }, { pattern: ENV_REFERENCE }];
    return rest.anyOf === undefined ? { ...rest, anyOf: either } : { ...rest, allOf: [{ anyOf: either }] };
  }
  return out;
}

function at(schema: Schema, ...names: string[]): Schema {
  return names.reduce((s, n) => (s.properties as Record<string, Schema>)[n]!, schema);
}
