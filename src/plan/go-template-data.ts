import { docSchemaFor, isMapSchema, isPointer, isUnstructured, properties, resolve, type JsonSchema } from '../model/registry.js';
import { asStruct, fromData, NilPointer, type GoStruct } from '../template/index.js';

/**
 * talhelper renders patches, extra manifests and label/annotation values with the Talos `*v1alpha1.Config` as
 * template data, so templates address Go field names (`.MachineConfig.MachineInstall.InstallImage`). This
 * presents the YAML form of the v1alpha1 document as that struct, typed by the document schema (`x-go` names the
 * Go field of each YAML key, `$defs` names the Go types):
 *
 * | schema                         | present value            | absent value (Go zero value)                  |
 * | ------------------------------ | ------------------------ | --------------------------------------------- |
 * | struct (`properties`)          | struct, fields by x-go   | pointer: nil (`<nil>`, fields fail); else {}  |
 * | map (`x-map`, `x-unstructured`)| Go map, keys as written  | empty map                                     |
 * | array                          | slice                    | empty slice                                   |
 * | string / boolean / integer     | the scalar               | `""` / `false` / `0`; pointers: nil           |
 *
 * Printing a whole struct is refused: Go prints its pointer fields as memory addresses.
 */
export function v1alpha1TemplateData(doc: Record<string, unknown>): GoStruct {
  const root = docSchemaFor(doc)!.root;
  return structOf(doc, root, root, '*v1alpha1.Config');
}

function goTypeOf(p: JsonSchema): string {
  const name = typeof p.$ref === 'string' ? p.$ref.split('/').pop()! : 'struct';
  return `${isPointer(p) ? '*' : ''}${name}`;
}

function structOf(obj: Record<string, unknown>, schema: JsonSchema, root: JsonSchema, goType: string): GoStruct {
  const byGoName = new Map<string, [string, JsonSchema]>();
  for (const [key, p] of Object.entries(properties(resolve(schema, root)) ?? {})) {
    if (typeof p['x-go'] === 'string') byGoName.set(p['x-go'], [key, p]);
  }
  return asStruct({
    goType,
    field(name: string): unknown {
      const hit = byGoName.get(name);
      if (!hit) return undefined;
      const [key, p] = hit;
      return templateValue(Object.hasOwn(obj, key) ? obj[key] : undefined, p, root);
    },
  });
}

function templateValue(v: unknown, p: JsonSchema, root: JsonSchema): unknown {
  const s = resolve(p, root);
  if (v === undefined || v === null) return zeroOf(p, s, root);
  if (isMapSchema(s) || isUnstructured(s)) return toMap(v, s.additionalProperties as JsonSchema | undefined, root);
  if (Array.isArray(v)) return v.map((x) => templateValue(x, (s.items as JsonSchema | undefined) ?? {}, root));
  if (properties(s) && typeof v === 'object' && !(v instanceof Map)) return structOf(v as Record<string, unknown>, s, root, goTypeOf(p));
  return plainValue(v);
}

function zeroOf(p: JsonSchema, s: JsonSchema, root: JsonSchema): unknown {
  if (isPointer(p)) return new NilPointer(goTypeOf(p));
  if (isMapSchema(s) || isUnstructured(s)) return new Map();
  if (properties(s)) return structOf({}, s, root, goTypeOf(p));
  const zero: Record<string, unknown> = { string: '', boolean: false, integer: 0n, number: 0, array: [] };
  return typeof s.type === 'string' && s.type in zero ? zero[s.type] : null;
}

function toMap(v: unknown, values: JsonSchema | undefined, root: JsonSchema): unknown {
  const entries = v instanceof Map ? [...v].map(([k, x]) => [String(k), x] as const) : typeof v === 'object' ? Object.entries(v as object) : undefined;
  if (!entries) return plainValue(v);
  return new Map(entries.map(([k, x]) => [k, values ? templateValue(x, values, root) : plainValue(x)]));
}

/** Free-form values: objects are Go maps, integral numbers ints. */
function plainValue(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(plainValue);
  if (v instanceof Map) return new Map([...v].map(([k, x]) => [String(k), plainValue(x)]));
  if (v && typeof v === 'object') return new Map(Object.entries(v).map(([k, x]) => [k, plainValue(x)]));
  return fromData(v);
}
