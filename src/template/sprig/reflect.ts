import { fn, type FuncMap } from '../funcs.js';
import { isMap, isStruct, typeName } from '../values.js';

/** reflect.Kind names for the Go value model. */
function kind(v: unknown): string {
  if (typeof v === 'string') return 'string';
  if (typeof v === 'bigint') return 'int';
  if (typeof v === 'number') return 'float64';
  if (typeof v === 'boolean') return 'bool';
  if (Array.isArray(v)) return 'slice';
  if (isMap(v)) return 'map';
  if (isStruct(v)) return 'struct';
  return 'invalid';
}

/** sprig's type inspection functions (`%T` names and reflect kinds). */
export const REFLECT_FUNCS: FuncMap = {
  typeOf: fn(['any'], typeName),
  typeIs: fn(['string', 'any'], (t: string, v: unknown) => t === typeName(v)),
  kindOf: fn(['any'], kind),
  kindIs: fn(['string', 'any'], (k: string, v: unknown) => k === kind(v)),
};
