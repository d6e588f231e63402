import { TalgenError, type TalgenErrorInit } from './errors.js';

/**
 * Bounds on what talgen reads and expands, one row per limit. Each is far above what a real repo needs and below
 * where a JavaScript stack or the process's memory would give out; going over one is a located TalgenError that
 * names the row, never an internal error or a hang.
 */
export interface Limit {
  /** What is measured, as the error message says it. */
  readonly what: string;
  readonly max: number;
  readonly unit: string;
  readonly hint: string;
}

export const LIMITS = {
  yamlDepth: {
    what: 'YAML nesting',
    max: 256,
    unit: 'levels',
    hint: 'flatten the document; no Talos or talhelper field nests this deep',
  },
  jsonDepth: {
    what: 'JSON nesting',
    max: 256,
    unit: 'levels',
    hint: 'flatten the patch value; no Talos config field nests this deep',
  },
  yamlAliases: {
    what: 'YAML alias expansion',
    max: 10000,
    unit: 'expanded alias nodes',
    hint: 'an alias that expands into aliases many times over is refused (a "billion laughs" document); write the values out',
  },
  templateDepth: {
    what: 'Go template nesting',
    max: 500,
    unit: 'levels',
    hint: 'split the expression with variables ({{ $x := … }}) instead of nesting parentheses or blocks',
  },
  templateSize: {
    what: 'Go template value size',
    max: 16 * 1024 * 1024,
    unit: 'characters or list items',
    hint: 'a template that builds a huge string or list (repeat, indent, until, seq, a printf width, range over a number) is refused; no config needs one this big',
  },
  templateSteps: {
    what: 'Go template execution',
    max: 2_000_000,
    unit: 'steps',
    hint: 'loops nested in loops run for too long; no config template needs this many steps',
  },
  templatePrecision: {
    what: 'printf precision',
    max: 100,
    unit: 'digits',
    hint: 'Go prints more digits; talgen stops at 100 (no config value needs more)',
  },
  envDepth: {
    what: 'nested ${NAME:-default} references',
    max: 64,
    unit: 'levels',
    hint: 'a default that holds a default that holds a default… is refused past this depth; set the variable instead',
  },
  fileBytes: {
    what: 'input file size',
    max: 64 * 1024 * 1024,
    unit: 'bytes',
    hint: 'talconfig, patches, env, secret and @ files are read whole; point @ at a regular file of reasonable size',
  },
} as const satisfies Record<string, Limit>;

export type LimitName = keyof typeof LIMITS;

/** The error for input that goes over `name`; the message names the limit and its value. */
export function limitError(name: LimitName, at: TalgenErrorInit = {}): TalgenError {
  const l: Limit = LIMITS[name];
  return new TalgenError(`${l.what} is over talgen's ${name} limit (${l.max} ${l.unit})`, { hint: l.hint, ...at });
}
