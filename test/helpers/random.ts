/**
 * A seeded pseudo-random source for property tests: the same seed gives the same inputs on every run, so a failure
 * replays. `next(n)` is an integer in [0, n), taken from the high bits of a 31-bit linear congruential generator
 * (its low bits repeat with a short period: `seed % 16` cycles through 16 values and misses combinations).
 */
export function seededRandom(seed: number): (n: number) => number {
  let state = seed;
  return (n: number): number => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return Math.floor((state / 2147483648) * n);
  };
}
