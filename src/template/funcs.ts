import { LIMITS, limitError } from '../core/limits.js';
import { isMap, MISSING, typeName } from './values.js';

/**
 * Go parameter types of template functions. The executor checks and converts each argument the way
 * `text/template` does before a call (`reflect` assignability), so type errors read like Go's.
 *
 * | param    | Go type                   | accepts                                              |
 * | -------- | ------------------------- | ---------------------------------------------------- |
 * | `any`    | interface{}               | anything; a missing value arrives as `null` (nil)    |
 * | `string` | string                    | strings                                              |
 * | `int`    | int / int64               | ints; integral number literals                       |
 * | `float`  | float64                   | floats; number literals                              |
 * | `bool`   | bool                      | bools                                                |
 * | `list`   | []interface{}             | slices; nil                                          |
 * | `map`    | map[string]interface{}    | maps; nil                                            |
 */
export type Param = 'any' | 'string' | 'int' | 'float' | 'bool' | 'list' | 'map';

export interface GoFunc {
  params: readonly Param[];
  /** Type of the trailing `...` parameter, when the function is variadic. */
  variadic?: Param;
  /** Called with converted arguments; throws `FuncError` for Go's `error calling NAME: …`. */
  fn: (...args: never[]) => unknown;
}

export type FuncMap = Readonly<Record<string, GoFunc>>;

/** An error a Go function returns: the executor reports it as `error calling NAME: MESSAGE`. */
export class FuncError extends Error {
  constructor(
    message: string,
    readonly hint?: string,
  ) {
    super(message);
  }
}

/** A string or list of `size` characters or items about to be built: past the templateSize limit it is refused. */
export function checkSize(size: bigint | number): void {
  if (size > LIMITS.templateSize.max) {
    const e = limitError('templateSize');
    throw new FuncError(e.message, e.hint);
  }
}

/** An argument that does not fit the parameter type: the executor reports Go's wording at the argument. */
export class ArgTypeError extends Error {}

const GO_TYPE: Readonly<Record<Param, string>> = {
  any: 'interface {}',
  string: 'string',
  int: 'int',
  float: 'float64',
  bool: 'bool',
  list: '[]interface {}',
  map: 'map[string]interface {}',
};

/** Check `v` against `param`; `literal` marks number constants written in the template (Go converts those). */
export function convertArg(v: unknown, param: Param, literal: boolean): unknown {
  if (param === 'any') return v === MISSING ? null : v;
  if (v === MISSING || v === null) {
    if (param === 'list' || param === 'map') return null;
    throw new ArgTypeError(`invalid value; expected ${GO_TYPE[param]}`);
  }
  const ok: Record<Exclude<Param, 'any'>, () => unknown> = {
    string: () => (typeof v === 'string' ? v : undefined),
    int: () => (typeof v === 'bigint' ? v : literal && typeof v === 'number' && Number.isInteger(v) ? BigInt(v) : undefined),
    float: () => (typeof v === 'number' ? v : literal && typeof v === 'bigint' ? Number(v) : undefined),
    bool: () => (typeof v === 'boolean' ? v : undefined),
    list: () => (Array.isArray(v) ? v : undefined),
    map: () => (isMap(v) ? v : undefined),
  };
  const out = ok[param]();
  if (out === undefined) throw new ArgTypeError(`wrong type for value; expected ${GO_TYPE[param]}; got ${typeName(v)}`);
  return out;
}

/** Shorthand for declaring a function table row. */
export function fn<P extends Param[]>(params: [...P], f: (...args: never[]) => unknown, variadic?: Param): GoFunc {
  return { params, variadic, fn: f };
}
