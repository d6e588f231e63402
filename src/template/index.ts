import { TalgenError } from '../core/errors.js';
import { BUILTINS } from './builtins.js';
import { execute, ExecError } from './exec.js';
import type { FuncMap } from './funcs.js';
import { lineCol, LexError } from './lexer.js';
import { parseTemplate } from './parser.js';
import type { TemplateSet } from './ast.js';
import { sprigFuncs, type EnvLookup } from './sprig/index.js';

export { plainStruct, asStruct, fromData, NilPointer, MISSING, type GoStruct } from './values.js';

export interface TemplateOptions {
  /** Register sprig's functions (talhelper does for patches and URL templates, not for `filenameTmpl`). */
  sprig?: boolean;
  /** Variables for sprig's `env`/`expandenv`; default: the process environment. */
  env?: EnvLookup;
  /** The template is the whole content of this file: errors point at file:line:col. */
  file?: string;
}

/** talhelper treats a string as a template when it contains `{{` or `}}`. */
export function hasTemplate(text: string): boolean {
  return text.includes('{{') || text.includes('}}');
}

const PROCESS_ENV: EnvLookup = (name) => process.env[name];

/** The function map of each env lookup (a run has one), built once: sprig's map is ~200 functions. */
const funcMaps = new WeakMap<EnvLookup, FuncMap>();
/** Each template text parsed once per function map (the same URL template and patches render for every node). */
const parsedSets = new WeakMap<FuncMap, Map<string, TemplateSet>>();

function funcsFor(options: TemplateOptions): FuncMap {
  if (options.sprig === false) return BUILTINS;
  const env = options.env ?? PROCESS_ENV;
  let funcs = funcMaps.get(env);
  if (!funcs) funcMaps.set(env, (funcs = { ...BUILTINS, ...sprigFuncs(env) }));
  return funcs;
}

function parsed(text: string, funcs: FuncMap): TemplateSet {
  let sets = parsedSets.get(funcs);
  if (!sets) parsedSets.set(funcs, (sets = new Map()));
  let set = sets.get(text);
  if (!set) sets.set(text, (set = parseTemplate(text, (name) => Object.hasOwn(funcs, name))));
  return set;
}

/**
 * Render `text` as Go `text/template` over `data` (see `values.ts` for how JS values read as Go values).
 * Errors are TalgenErrors at `where` (a config path) with the position inside the template.
 */
export function renderGoTemplate(text: string, data: unknown, where: string, options: TemplateOptions = {}): string {
  // Text without an action is its own output (Go's lexer sees one text node): most patches of a repo, every node.
  if (!text.includes('{{')) return text;
  const funcs = funcsFor(options);
  try {
    return execute(parsed(text, funcs), data, funcs);
  } catch (e) {
    if (!(e instanceof LexError) && !(e instanceof ExecError)) throw e;
    const { line, col } = lineCol(text, e.pos);
    const message = e instanceof ExecError ? `template: executing at <${e.at}>: ${e.message}` : `template: ${e.message}`;
    const at = options.file ? { file: options.file, line, col } : {};
    throw new TalgenError(options.file ? message : `${message} (template line ${line}, col ${col})`, {
      ...at,
      path: where || undefined,
      hint:
        e.hint ??
        (e instanceof ExecError
          ? 'talhelper renders this with Go text/template (and sprig); the message is the one Go gives'
          : 'Go text/template syntax: {{ .Field }}, {{ if … }}…{{ end }}, {{ range … }}…{{ end }}, pipelines with |'),
    });
  }
}
