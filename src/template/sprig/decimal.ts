/**
 * The decimal arithmetic behind sprig's float functions (shopspring/decimal): operands are taken at their shortest
 * decimal form, sums and products are exact, quotients are rounded half away from zero to 16 decimal places.
 */
interface Dec {
  digits: bigint;
  scale: number; // value = digits / 10^scale
}

const DIVISION_PRECISION = 16;

function fromFloat(f: number): Dec {
  const [mant, exp] = f.toExponential().split('e') as [string, string];
  const [int, frac = ''] = mant.split('.') as [string, string?];
  const scale = frac.length - Number(exp);
  const digits = BigInt(int + frac);
  return scale >= 0 ? { digits, scale } : { digits: digits * 10n ** BigInt(-scale), scale: 0 };
}

function align(a: Dec, b: Dec): [bigint, bigint, number] {
  const scale = Math.max(a.scale, b.scale);
  return [a.digits * 10n ** BigInt(scale - a.scale), b.digits * 10n ** BigInt(scale - b.scale), scale];
}

function toFloat(d: Dec): number {
  const neg = d.digits < 0n;
  const s = (neg ? -d.digits : d.digits).toString().padStart(d.scale + 1, '0');
  const text = d.scale ? `${s.slice(0, s.length - d.scale)}.${s.slice(s.length - d.scale)}` : s;
  return Number(`${neg ? '-' : ''}${text}`);
}

export type DecimalOp = 'add' | 'sub' | 'mul' | 'div';

function apply(a: Dec, b: Dec, op: DecimalOp): Dec {
  if (op === 'mul') return { digits: a.digits * b.digits, scale: a.scale + b.scale };
  if (op === 'div') {
    if (b.digits === 0n) throw new RangeError('decimal division by 0');
    const [x, y] = align(a, b);
    const scaled = x * 10n ** BigInt(DIVISION_PRECISION + 1);
    let q = scaled / y; // one extra digit for rounding
    const last = q % 10n;
    q /= 10n;
    if (last >= 5n) q += 1n;
    else if (last <= -5n) q -= 1n;
    return { digits: q, scale: DIVISION_PRECISION };
  }
  const [x, y, scale] = align(a, b);
  return { digits: op === 'add' ? x + y : x - y, scale };
}

/** `first op rest[0] op rest[1] …` in decimal arithmetic, as a float64. */
export function decimalFold(first: number, rest: number[], op: DecimalOp): number {
  return toFloat(rest.reduce((acc, x) => apply(acc, fromFloat(x), op), fromFloat(first)));
}
