import { fn, FuncError, type FuncMap } from '../funcs.js';
import { toFloat64, toInt64 } from './convert.js';
import { decimalFold, type DecimalOp } from './decimal.js';

function intDiv(a: unknown, b: unknown, op: 'div' | 'mod'): bigint {
  const d = toInt64(b);
  if (d === 0n) throw new FuncError('runtime error: integer divide by zero');
  return op === 'div' ? toInt64(a) / d : toInt64(a) % d;
}

/** Go's `math.Round` (half away from zero) at `p` decimals, with sprig's rounding threshold `r` (default .5). */
function round(a: unknown, p: bigint, ...rOpt: number[]): number {
  const r = rOpt[0] ?? 0.5;
  const val = toFloat64(a);
  const pow = 10 ** Number(p);
  const digit = pow * val;
  const [, div] = [Math.trunc(digit), digit - Math.trunc(digit)];
  const rounded = div >= r ? Math.ceil(digit) : Math.floor(digit);
  return rounded / pow;
}

function decimalOp(a: unknown, rest: unknown[], op: DecimalOp): number {
  try {
    return decimalFold(toFloat64(a), rest.map(toFloat64), op);
  } catch (e) {
    if (e instanceof RangeError) throw new FuncError(e.message);
    throw e;
  }
}

export const MATH_FUNCS: FuncMap = {
  atoi: fn(['string'], (s: string) => (/^[+-]?\d+$/.test(s) ? BigInt(s) : 0n)),
  int: fn(['any'], toInt64),
  int64: fn(['any'], toInt64),
  float64: fn(['any'], toFloat64),
  toDecimal: fn(['any'], (v: unknown) => {
    const s = String(typeof v === 'string' ? v : toInt64(v));
    return /^[0-7]+$/.test(s) ? BigInt(`0o${s}`) : 0n;
  }),
  add1: fn(['any'], (a: unknown) => toInt64(a) + 1n),
  add: fn([], (...a: unknown[]) => a.reduce<bigint>((s, x) => s + toInt64(x), 0n), 'any'),
  sub: fn(['any', 'any'], (a: unknown, b: unknown) => toInt64(a) - toInt64(b)),
  div: fn(['any', 'any'], (a: unknown, b: unknown) => intDiv(a, b, 'div')),
  mod: fn(['any', 'any'], (a: unknown, b: unknown) => intDiv(a, b, 'mod')),
  mul: fn(['any'], (a: unknown, ...v: unknown[]) => v.reduce<bigint>((s, x) => s * toInt64(x), toInt64(a)), 'any'),
  add1f: fn(['any'], (a: unknown) => decimalOp(a, [1n], 'add')),
  addf: fn([], (...a: unknown[]) => decimalOp(0, a, 'add'), 'any'),
  subf: fn(['any'], (a: unknown, ...v: unknown[]) => decimalOp(a, v, 'sub'), 'any'),
  mulf: fn(['any'], (a: unknown, ...v: unknown[]) => decimalOp(a, v, 'mul'), 'any'),
  divf: fn(['any'], (a: unknown, ...v: unknown[]) => decimalOp(a, v, 'div'), 'any'),
  max: fn(['any'], (a: unknown, ...v: unknown[]) => v.map(toInt64).reduce((m, x) => (x > m ? x : m), toInt64(a)), 'any'),
  biggest: fn(['any'], (a: unknown, ...v: unknown[]) => v.map(toInt64).reduce((m, x) => (x > m ? x : m), toInt64(a)), 'any'),
  min: fn(['any'], (a: unknown, ...v: unknown[]) => v.map(toInt64).reduce((m, x) => (x < m ? x : m), toInt64(a)), 'any'),
  maxf: fn(['any'], (a: unknown, ...v: unknown[]) => Math.max(toFloat64(a), ...v.map(toFloat64)), 'any'),
  minf: fn(['any'], (a: unknown, ...v: unknown[]) => Math.min(toFloat64(a), ...v.map(toFloat64)), 'any'),
  ceil: fn(['any'], (a: unknown) => Math.ceil(toFloat64(a))),
  floor: fn(['any'], (a: unknown) => Math.floor(toFloat64(a))),
  round: fn(['any', 'int'], round, 'float'),
};
