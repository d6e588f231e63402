/**
 * The Go value model the template engine works on. Template data and results are plain JS values read as Go values:
 *
 * | JS value                    | Go value                                                   |
 * | --------------------------- | ---------------------------------------------------------- |
 * | `string`                    | string                                                     |
 * | `bigint`                    | int (template integer literals, `len`, sprig integer math) |
 * | `number`                    | float64 (integral numbers coming from data become `bigint`)|
 * | `boolean`                   | bool                                                       |
 * | `null`                      | nil                                                        |
 * | `MISSING`                   | the invalid value: a missing map key, prints `<no value>`  |
 * | `NilPointer`                | a nil pointer of a Go type (an absent optional struct)     |
 * | array                       | slice ([]interface{})                                      |
 * | `Map` or plain object       | map[string]interface{}                                     |
 * | `GoStruct`                  | a struct (fields by Go name, e.g. talhelper's URL data)    |
 */
export const MISSING: unique symbol = Symbol('<no value>');

/** A nil pointer: false, prints `<nil>`, and reading a field through it is Go's "nil pointer evaluating" error. */
export class NilPointer {
  constructor(readonly goType: string) {}
}

export interface GoStruct {
  readonly goType: string;
  /** The field's value, or `undefined` when the struct has no such field. */
  field(name: string): unknown;
  /** The struct printed as Go's `%v` would, or `undefined` when talgen cannot (pointers print as addresses). */
  print?(): string;
  /** Field names, for the hint of an unknown-field error (small structs such as talhelper's URL data). */
  fieldNames?(): string[];
}

const STRUCTS = new WeakSet<object>();

/** Mark `s` as a Go struct value. */
export function asStruct<T extends GoStruct>(s: T): T {
  STRUCTS.add(s);
  return s;
}

export function isStruct(v: unknown): v is GoStruct {
  return typeof v === 'object' && v !== null && STRUCTS.has(v);
}

/** A struct of plain fields (string/bool/int) in declaration order, e.g. talhelper's `installerTmpl`. */
export function plainStruct(goType: string, fields: Readonly<Record<string, string | boolean | number>>): GoStruct {
  const names = Object.keys(fields);
  return asStruct({
    goType,
    field: (name: string) => (Object.hasOwn(fields, name) ? fromData(fields[name]) : undefined),
    print: () => `{${names.map((n) => String(fields[n])).join(' ')}}`,
    fieldNames: () => names,
  });
}

export type GoMap = Map<string, unknown> | Record<string, unknown>;

export function isMap(v: unknown): v is GoMap {
  return v instanceof Map || (typeof v === 'object' && v !== null && !Array.isArray(v) && !isStruct(v) && Object.getPrototypeOf(v) === Object.prototype);
}

export function mapGet(m: GoMap, key: string): unknown {
  if (m instanceof Map) return m.has(key) ? fromData(m.get(key)) : MISSING;
  return Object.hasOwn(m, key) ? fromData(m[key]) : MISSING;
}

export function mapKeys(m: GoMap): string[] {
  const keys = m instanceof Map ? [...m.keys()].map(String) : Object.keys(m);
  return keys.sort(compareBytes);
}

export function mapSize(m: GoMap): number {
  return m instanceof Map ? m.size : Object.keys(m).length;
}

/** Go's string ordering: byte-wise over UTF-8. */
export function compareBytes(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}

/** Data values enter the Go model here: integral JS numbers are Go ints, `undefined` is a missing value. */
export function fromData(v: unknown): unknown {
  if (v === undefined) return MISSING;
  if (typeof v === 'number' && Number.isInteger(v)) return BigInt(v);
  return v;
}

/** Go's notion of truth for `if`, `with`, `and`, `or`, `not`: the zero value and empty containers are false. */
export function truth(v: unknown): boolean {
  if (v === MISSING || v instanceof NilPointer || v === null || v === undefined) return false;
  if (typeof v === 'string') return v.length > 0;
  if (typeof v === 'bigint') return v !== 0n;
  if (typeof v === 'number') return v !== 0;
  if (typeof v === 'boolean') return v;
  if (Array.isArray(v)) return v.length > 0;
  if (isStruct(v)) return true;
  if (isMap(v)) return mapSize(v) > 0;
  return true;
}

/** The Go type name used in error messages, as `%T` prints it for the values talgen models. */
export function typeName(v: unknown): string {
  if (v === MISSING) return '<nil>';
  if (v instanceof NilPointer) return v.goType;
  if (v === null) return '<nil>';
  if (typeof v === 'string') return 'string';
  if (typeof v === 'bigint') return 'int';
  if (typeof v === 'number') return 'float64';
  if (typeof v === 'boolean') return 'bool';
  if (Array.isArray(v)) return '[]interface {}';
  if (isStruct(v)) return v.goType;
  if (isMap(v)) return 'map[string]interface {}';
  return typeof v;
}

/** Length as Go's `len` sees it (strings count UTF-8 bytes); `undefined` for values without a length. */
export function lengthOf(v: unknown): number | undefined {
  if (typeof v === 'string') return Buffer.byteLength(v, 'utf8');
  if (Array.isArray(v)) return v.length;
  if (isMap(v)) return mapSize(v);
  return undefined;
}

/** Go's `==` on the basic kinds (the only values `eq` compares); `undefined` when the kinds cannot be compared. */
export function basicEqual(a: unknown, b: unknown): boolean | undefined {
  if (a === null || b === null || a === MISSING || b === MISSING) return (a === null || a === MISSING) === (b === null || b === MISSING);
  if (typeof a !== typeof b) return undefined;
  if (typeof a === 'string' || typeof a === 'bigint' || typeof a === 'number' || typeof a === 'boolean') return a === b;
  return undefined;
}
