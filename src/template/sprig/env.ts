import { fn, type FuncMap } from '../funcs.js';

/** Where `env`/`expandenv` read variables: talhelper's process environment (talenv files loaded into it). */
export type EnvLookup = (name: string) => string | undefined;

/** Go `os.ExpandEnv`: `$NAME` and `${NAME}`; unset variables expand to "". */
function expandEnv(s: string, env: EnvLookup): string {
  return s.replace(/\$(\{([^}]*)\}|([A-Za-z0-9_]+|[*#$@!?-]))/g, (_all, _tok, braced?: string, bare?: string) => env(braced ?? bare!) ?? '');
}

export function envFuncs(env: EnvLookup): FuncMap {
  return {
    env: fn(['string'], (name: string) => env(name) ?? ''),
    expandenv: fn(['string'], (s: string) => expandEnv(s, env)),
  };
}
