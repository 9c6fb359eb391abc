/**
 * Training-time data augmentation for image inputs: random whole-pixel translations (zero fill), seeded so
 * fine-tuning stays reproducible.
 */
import { mulberry32 } from '../util/rng';

/**
 * Returns a copy of `images` (n images of h × w × c, channels last) with every image translated by a random
 * whole number of pixels in [-maxShift, maxShift] along each axis, filling with zeros. Deterministic for a
 * given `rng` state.
 */
export function randomShift(images: Float32Array, n: number, h: number, w: number, maxShift: number, rng: () => number, c = 1): Float32Array {
  const out = new Float32Array(images.length);
  const span = 2 * maxShift + 1;
  const row = w * c;
  for (let i = 0; i < n; i++) {
    const dy = Math.floor(rng() * span) - maxShift;
    const dx = Math.floor(rng() * span) - maxShift;
    const base = i * h * row;
    for (let r = Math.max(0, dy); r < Math.min(h, h + dy); r++) {
      const src = base + (r - dy) * row;
      const dst = base + r * row;
      const c0 = Math.max(0, dx) * c;
      const c1 = Math.min(w, w + dx) * c;
      out.set(images.subarray(src + c0 - dx * c, src + c1 - dx * c), dst + c0);
    }
  }
  return out;
}

/**
 * A batch transform for the training engine (TrainOptions.transformBatch) shifting [H, W, C] samples by up to
 * `maxShift` pixels, with draws depending only on (seed, epoch, batch).
 * @param sampleShape shape of one sample; must be [H, W] or [H, W, C]
 */
export function shiftTransform(sampleShape: readonly number[], maxShift: number, seed: number): (x: Float32Array, n: number, epoch: number, batch: number) => Float32Array {
  const [h, w, c = 1] = sampleShape;
  return (x, n, epoch, batch) => randomShift(x, n, h, w, maxShift, mulberry32((Math.imul(seed >>> 0, 0x85ebca6b) ^ Math.imul(epoch + 1, 0xc2b2ae35) ^ (batch + 1)) >>> 0), c);
}
