import type { FuncMap } from '../funcs.js';
import { DEFAULT_FUNCS } from './defaults.js';
import { DICT_FUNCS } from './dicts.js';
import { ENCODING_FUNCS } from './encoding.js';
import { envFuncs, type EnvLookup } from './env.js';
import { LIST_FUNCS } from './lists.js';
import { MATH_FUNCS } from './math.js';
import { REFLECT_FUNCS } from './reflect.js';
import { REFUSED_FUNCS } from './refused.js';
import { REGEX_FUNCS } from './regex.js';
import { STRING_FUNCS } from './strings.js';

export type { EnvLookup };

/** sprig's `FuncMap()` (v3.3.0, what talhelper registers), with `env`/`expandenv` reading `env`. */
export function sprigFuncs(env: EnvLookup): FuncMap {
  return {
    ...REFUSED_FUNCS,
    ...STRING_FUNCS,
    ...LIST_FUNCS,
    ...DICT_FUNCS,
    ...MATH_FUNCS,
    ...ENCODING_FUNCS,
    ...REFLECT_FUNCS,
    ...REGEX_FUNCS,
    ...DEFAULT_FUNCS,
    ...envFuncs(env),
  };
}
