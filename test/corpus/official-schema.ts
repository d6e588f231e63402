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

export interface SchemaChoice {
  file: string;
  /** Why this file for that contract (printed with --verbose). */
  why: string;
}

/**
 * The published schema of the same minor; contracts older than every published file use the oldest one:
 * Talos only added fields from v1.5 to v1.11, and the fields it dropped or hid since are HIDDEN_V1ALPHA1_FIELDS.
 */
export function schemaFor(contract: string): SchemaChoice {
  const files = readdirSync(conformanceFile('talos', 'schemas'))
    .map((f) => ({ f, v: parseVersion(/^config\.schema\.(v[\w.-]+)\.json$/.exec(f)?.[1] ?? '') }))
    .filter((x): x is { f: string; v: NonNullable<typeof x.v> } => !!x.v)
    .sort((a, b) => a.v.major - b.v.major || a.v.minor - b.v.minor);
  const c = parseVersion(contract)!;
  const same = files.find((x) => x.v.major === c.major && x.v.minor === c.minor);
  if (same) return { file: same.f, why: `same minor as ${contract}` };
  const oldest = files[0]!;
  if (c.minor < oldest.v.minor) return { file: oldest.f, why: `${contract} predates the oldest published schema; fields dropped since are skipped (hidden-field list)` };
  const newest = files[files.length - 1]!;
  return { file: newest.f, why: `${contract} is newer than every published schema` };
}

const ajv = new Ajv2020({ strict: false, allErrors: false, validateFormats: false });
const validators = new Map<string, ValidateFunction>();

function validatorFor(file: string, doc: Obj): ValidateFunction | string {
  const schema = JSON.parse(readFileSync(conformanceFile('talos', 'schemas', file), 'utf8')) as Obj;
  const id = String(schema.$id);
  if (!ajv.getSchema(id)) ajv.addSchema(schema);
  const defs = schema.$defs as Record<string, Obj>;
  const def =
    doc.kind === undefined
      ? 'v1alpha1.Config'
      : Object.keys(defs).find((k) => {
          const p = defs[k]!.properties as Record<string, Obj> | undefined;
          return (p?.kind?.enum as unknown[] | undefined)?.[0] === doc.kind && (p?.apiVersion?.enum as unknown[] | undefined)?.[0] === doc.apiVersion;
        });
  if (!def) return `kind ${String(doc.apiVersion)}/${String(doc.kind)} is not in ${file}`;
  const key = `${id}#/$defs/${def}`;
  let v = validators.get(key);
  if (!v) validators.set(key, (v = ajv.getSchema(key)!));
  return v;
}

/** A copy of a v1alpha1 document without the fields Talos hides from its schema. */
function withoutHidden(value: unknown, path = ''): unknown {
  if (Array.isArray(value)) return value.map((v) => withoutHidden(v, path));
  if (!value || typeof value !== 'object') return value;
  const out: Obj = {};
  for (const [k, v] of Object.entries(value as Obj)) {
    const p = path ? `${path}.${k}` : k;
    if (!HIDDEN_V1ALPHA1_FIELDS.some((re) => re.test(p))) out[k] = withoutHidden(v, p);
  }
  return out;
}

/** First schema violation of one document (`path: message`), or undefined. */
export function officialSchemaError(file: string, doc: Obj): string | undefined {
  const v = validatorFor(file, doc);
  if (typeof v === 'string') return v;
  const data = doc.kind === undefined ? withoutHidden(doc) : doc;
  if (v(data)) return undefined;
  const e = v.errors![0]!;
  const extra = e.params && 'additionalProperty' in e.params ? ` "${String(e.params.additionalProperty)}"` : '';
  return `${e.instancePath || '/'}: ${e.message ?? 'invalid'}${extra}`;
}
