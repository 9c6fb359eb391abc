/**
 * Seeded pseudo-random numbers for tests: reproducible across runs and machines.
 */

export { mulberry32 } from '../../src/util/rng';
import { mulberry32 } from '../../src/util/rng';

/** One standard normal sample drawn from `rng` (Box–Muller). */
export function gaussian(rng: () => number): number {
  let u = 0;
  while (u === 0) u = rng();
  const v = rng();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

/** `n` samples uniform in [lo, hi) from seed `seed` (default range [-1, 1)). */
export function uniformArray(n: number, seed: number, lo = -1, hi = 1): Float32Array {
  const rng = mulberry32(seed);
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) out[i] = lo + (hi - lo) * rng();
  return out;
}

/** `n` normal samples with mean `mean` and standard deviation `std` from seed `seed` (default N(0, 1)). */
export function randn(n: number, seed: number, mean = 0, std = 1): Float32Array {
  const rng = mulberry32(seed);
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) out[i] = mean + std * gaussian(rng);
  return out;
}
