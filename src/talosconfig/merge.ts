import { TalgenError } from '../core/errors.js';
import { encodeYaml } from '../emit/goyaml.js';
import { parseYamlText, type LoadedYaml } from '../load/yaml.js';

/**
 * The fields of a talosconfig context in the order of talosctl's `clientconfig.Context` struct (the order it
 * writes them in), and whether it omits them when empty. Fields talgen does not know are kept after these.
 */
const CONTEXT_FIELDS: readonly { key: string; omitempty: boolean }[] = [
  { key: 'target', omitempty: true },
  { key: 'endpoints', omitempty: false },
  { key: 'nodes', omitempty: true },
  { key: 'ca', omitempty: true },
  { key: 'crt', omitempty: true },
  { key: 'key', omitempty: true },
  { key: 'auth', omitempty: true },
  { key: 'cluster', omitempty: true },
  { key: 'proxy-url', omitempty: true },
];

/** The top-level keys of a talosconfig (`clientconfig.Config`). */
const CONFIG_KEYS = ['context', 'contexts'];

type Ctx = Record<string, unknown>;

export interface ClientConfigFile {
  context: string;
  contexts: Map<string, Ctx>;
}

export interface MergeResult {
  text: string;
  /** The name the new context got (renamed when the target already had one by that name). */
  contextName: string;
  renamedFrom?: string;
  /** The target's current context after the merge. */
  currentContext: string;
}

const isEmpty = (v: unknown) =>
  v === null ||
  v === undefined ||
  v === '' ||
  (Array.isArray(v) && !v.length) ||
  (typeof v === 'object' && !Array.isArray(v) && !Object.keys(v as object).length);
const isMap = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function notTalosconfig(y: LoadedYaml, path: (string | number)[], why: string, key = false): TalgenError {
  return new TalgenError(`not a talosconfig: ${why}`, {
    ...y.positionOf(path, key),
    hint: 'point --merge at a talosctl client config (context/contexts), or leave it out to write a new file',
  });
}

/**
 * Read a talosconfig as talosctl's `clientconfig.Config` holds it. An empty file is an empty config (talosctl
 * creates one like that); anything else that is not `context` + `contexts` (a talconfig, a SOPS file, a list) is
 * refused, so a merge never overwrites a file that is not a client config.
 */
export function readClientConfig(text: string, file: string): ClientConfigFile {
  if (!text.trim()) return { context: '', contexts: new Map() };
  const y = parseYamlText(text, file, { hint: 'the merge target must be a talosconfig (YAML)' });
  const v = y.value;
  if (!isMap(v)) throw notTalosconfig(y, [], 'the document is not a mapping');
  for (const k of Object.keys(v))
    if (!CONFIG_KEYS.includes(k)) throw notTalosconfig(y, [k], `unexpected top-level key "${k}" (a talosconfig has ${CONFIG_KEYS.join(' and ')})`, true);
  if (!('contexts' in v)) throw notTalosconfig(y, [], 'no "contexts" mapping');
  if (v.context !== undefined && v.context !== null && typeof v.context !== 'string') throw notTalosconfig(y, ['context'], '"context" is not a string');
  const contexts = new Map<string, Ctx>();
  if (v.contexts !== null) {
    if (!isMap(v.contexts)) throw notTalosconfig(y, ['contexts'], '"contexts" is not a mapping');
    for (const [name, ctx] of Object.entries(v.contexts)) {
      if (ctx !== null && !isMap(ctx)) throw notTalosconfig(y, ['contexts', name], `context "${name}" is not a mapping`);
      contexts.set(name, ctx ?? {});
    }
  }
  return { context: (v.context as string | null | undefined) ?? '', contexts };
}

/** A context in talosctl's field order, empty omitempty fields dropped, unknown fields kept after the known ones. */
function ordered(ctx: Ctx): Ctx {
  const out: Ctx = {};
  for (const f of CONTEXT_FIELDS) {
    const value = ctx[f.key];
    if (f.omitempty ? !isEmpty(value) : true) out[f.key] = value ?? [];
  }
  for (const [k, value] of Object.entries(ctx)) if (!CONTEXT_FIELDS.some((f) => f.key === k)) out[k] = value;
  return out;
}

/** A client config in talosctl's layout (go-yaml, 4-space indent, contexts sorted by name). */
export function encodeClientConfig(c: ClientConfigFile): string {
  return encodeYaml({ context: c.context, contexts: new Map([...c.contexts].map(([name, ctx]) => [name, ordered(ctx)])) }, { indent: 4 });
}

/** `name`, or the first of `name-1`, `name-2`, … that `taken` does not have (talosctl's rename on merge). */
function freeName(name: string, taken: Map<string, unknown>): string {
  if (!taken.has(name)) return name;
  for (let i = 1; ; i++) if (!taken.has(`${name}-${i}`)) return `${name}-${i}`;
}

/**
 * Add the context of `incoming` to `target` as talosctl's merge does (a name already there becomes `name-1`,
 * `name-2`, …), but keep the target's current context (talosctl would switch to the merged one); a target without
 * a current context gets the new one.
 */
export function mergeClientConfig(target: ClientConfigFile, incoming: ClientConfigFile): MergeResult {
  const contexts = new Map(target.contexts);
  let contextName = incoming.context;
  let renamedFrom: string | undefined;
  for (const [name, ctx] of incoming.contexts) {
    const merged = freeName(name, contexts);
    contexts.set(merged, ctx);
    if (name === incoming.context) {
      contextName = merged;
      if (merged !== name) renamedFrom = name;
    }
  }
  const currentContext = target.context && target.contexts.has(target.context) ? target.context : contextName;
  return { text: encodeClientConfig({ context: currentContext, contexts }), contextName, renamedFrom, currentContext };
}
