import { fn, FuncError, type FuncMap } from '../funcs.js';
import { empty } from './convert.js';

/** sprig's default/empty/coalesce family. */
export const DEFAULT_FUNCS: FuncMap = {
  default: fn(['any'], (d: unknown, ...given: unknown[]) => (given.length === 0 || empty(given[0]) ? d : given[0]), 'any'),
  empty: fn(['any'], empty),
  coalesce: fn([], (...a: unknown[]) => a.find((x) => !empty(x)) ?? null, 'any'),
  ternary: fn(['any', 'any', 'bool'], (a: unknown, b: unknown, c: boolean) => (c ? a : b)),
  fail: fn(['string'], (msg: string) => {
    throw new FuncError(msg);
  }),
};
