/**
 * Talos's published JSON schema (`config.schema.v1.X.Y.json`, one per release in ../shared/conformance/talos/schemas)
 * applied to one rendered document: the `$defs` entry of its kind (`v1alpha1.Config` for the legacy document).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import { parseVersion } from '../../src/core/contract.js';
import { HIDDEN_V1ALPHA1_FIELDS } from '../helpers/hidden-fields.js';
import { conformanceFile } from '../helpers/shared.js';

type Obj = Record<string, unknown>;

/**
 * The published schema of the same minor; contracts older than every published file use the oldest one:
 * Talos only added fields from v1.5 to v1.11, and the fields it dropped or hid since are HIDDEN_V1ALPHA1_FIELDS.
 */
/** `config.schema.v1.13.9.json` → its release. */
const SCHEMA_FILE = /^config\.schema\.(v[\w.-]+)\.json$/;
const schemaFiles = () => readdirSync(conformanceFile('talos', 'schemas')).filter((f) => SCHEMA_FILE.test(f));
const releaseOf = (file: string) => parseVersion(SCHEMA_FILE.exec(file)![1]!)!;

export function schemaFor(contract: string): string {
  const files = schemaFiles()
    .map((f) => ({ f, v: releaseOf(f) }))
    .sort((a, b) => a.v.major - b.v.major || a.v.minor - b.v.minor);
  const c = parseVersion(contract)!;
  const same = files.find((x) => x.v.major === c.major && x.v.minor === c.minor);
  if (same) return same.f;
  // Older than every published file: the oldest; newer than every one: the newest.
  return c.minor < files[0]!.v.minor ? files[0]!.f : files[files.length - 1]!.f;
}

/**
 * Published definitions whose shape is not what Talos decodes, row by row (the Go type marshals itself):
 * the schema generator describes the struct, YAML holds the text.
 */
const PUBLISHED_DEFECTS: { def: string; decodes: Obj }[] = [
  // A url.URL wrapper with its own YAML (un)marshaller: a URL string, not an object.
  { def: 'v1alpha1.Endpoint', decodes: { type: 'string' } },
];

interface Published {
  file: string;
  version: { major: number; minor: number };
  schema: Obj;
}

const published = new Map<string, Published>();
function load(file: string): Published {
  let p = published.get(file);
  if (!p) {
    const schema = JSON.parse(readFileSync(conformanceFile('talos', 'schemas', file), 'utf8')) as Obj;
    const defs = schema.$defs as Record<string, Obj>;
    for (const d of PUBLISHED_DEFECTS) if (defs[d.def]) defs[d.def] = d.decodes;
    published.set(file, (p = { file, version: releaseOf(file), schema }));
  }
  return p;
}

/**
 * Properties per definition in the published schemas older than `file`: Talos leaves deprecated fields out of a
 * release's schema while it still decodes them, so a field an older release published is deprecated, not unknown.
 */
function deprecatedSince(file: string): Map<string, Set<string>> {
  const me = load(file).version;
  const out = new Map<string, Set<string>>();
  for (const f of schemaFiles()) {
    const p = load(f);
    if (p.version.major > me.major || (p.version.major === me.major && p.version.minor >= me.minor)) continue;
    for (const [name, def] of Object.entries(p.schema.$defs as Record<string, Obj>)) {
      const set = out.get(name) ?? new Set<string>();
      for (const k of Object.keys((def.properties ?? {}) as Obj)) set.add(k);
      out.set(name, set);
    }
  }
  return out;
}

const ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: false });
const validators = new Map<string, ValidateFunction>();

function defFor(p: Published, doc: Obj): string | undefined {
  const defs = p.schema.$defs as Record<string, Obj>;
  if (doc.kind === undefined) return 'v1alpha1.Config';
  return Object.keys(defs).find((k) => {
    const props = defs[k]!.properties as Record<string, Obj> | undefined;
    return (props?.kind?.enum as unknown[] | undefined)?.[0] === doc.kind && (props?.apiVersion?.enum as unknown[] | undefined)?.[0] === doc.apiVersion;
  });
}

function validatorFor(p: Published, def: string): ValidateFunction {
  const id = String(p.schema.$id);
  if (!ajv.getSchema(id)) ajv.addSchema(p.schema);
  const key = `${id}#/$defs/${def}`;
  let v = validators.get(key);
  if (!v) validators.set(key, (v = ajv.getSchema(key)!));
  return v;
}

/**
 * A copy of a document without the fields the published schema leaves out on purpose: HIDDEN_V1ALPHA1_FIELDS
 * (by path) and fields deprecated since an older published release (by definition), walking document and schema together.
 * A number or bool where the schema has a string is read as its text, as go-yaml decodes it into a Go string (the
 * JSONToYAML bytes Talos keeps after an RFC 6902 patch write `1` for a sysctl set to the number 1).
 */
function withoutHidden(value: unknown, schema: Obj | undefined, p: Published, deprecated: Map<string, Set<string>>, path = '', defName?: string): unknown {
  const defs = p.schema.$defs as Record<string, Obj>;
  let s = schema;
  for (let i = 0; i < 8 && typeof s?.$ref === 'string'; i++) {
    defName = (s.$ref as string).split('/').pop()!;
    s = defs[defName];
  }
  if (Array.isArray(value)) return value.map((v) => withoutHidden(v, s?.items as Obj | undefined, p, deprecated, path, undefined));
  if ((typeof value === 'number' || typeof value === 'boolean') && s?.type === 'string') return String(value);
  if (!value || typeof value !== 'object') return value;
  const props = (s?.properties ?? {}) as Record<string, Obj>;
  const pattern = Object.values((s?.patternProperties ?? {}) as Record<string, Obj>)[0];
  const extra = typeof s?.additionalProperties === 'object' ? (s.additionalProperties as Obj) : pattern;
  const out: Obj = {};
  for (const [k, v] of Object.entries(value as Obj)) {
    const at = path ? `${path}.${k}` : k;
    if (HIDDEN_V1ALPHA1_FIELDS.some((re) => re.test(at))) continue;
    if (!(k in props) && defName && deprecated.get(defName)?.has(k)) continue;
    out[k] = withoutHidden(v, props[k] ?? extra, p, deprecated, at, undefined);
  }
  return out;
}

/** Every schema violation of one document (`path: message`); empty when it validates. */
export function officialSchemaErrors(file: string, doc: Obj): string[] {
  const p = load(file);
  const def = defFor(p, doc);
  if (!def) return [`kind ${String(doc.apiVersion)}/${String(doc.kind)} is not in ${file}`];
  const v = validatorFor(p, def);
  const data = withoutHidden(doc, { $ref: `#/$defs/${def}` }, p, deprecatedSince(file));
  if (v(data)) return [];
  return v.errors!.map((e) => {
    const extra = e.params && 'additionalProperty' in e.params ? ` "${String(e.params.additionalProperty)}"` : '';
    return `${e.instancePath || '/'}: ${e.message ?? 'invalid'}${extra}`;
  });
}
