/**
 * Training-time data augmentation for images: random whole-pixel translations (the ±1 px shifts the MNIST
 * examples train with), seeded so that a training run is reproducible.
 */
import { mulberry32 } from '../util/rng';

/**
 * Returns a copy of `images` (n × h × w × channels, row-major) with every image translated by a random whole
 * number of pixels in [-maxShift, maxShift] along each axis, filling with zeros (the MNIST background).
 * Deterministic for a given `rng` state (two draws per image: rows, then columns).
 */
export function randomShift(images: Float32Array, n: number, h: number, w: number, maxShift: number, rng: () => number, channels = 1): Float32Array {
  const out = new Float32Array(images.length);
  const span = 2 * maxShift + 1;
  const c = channels;
  for (let i = 0; i < n; i++) {
    const dy = Math.floor(rng() * span) - maxShift;
    const dx = Math.floor(rng() * span) - maxShift;
    const base = i * h * w * c;
    const x0 = Math.max(0, dx);
    const x1 = Math.min(w, w + dx);
    if (x1 <= x0) continue;
    for (let r = Math.max(0, dy); r < Math.min(h, h + dy); r++) {
      const src = base + ((r - dy) * w + x0 - dx) * c;
      out.set(images.subarray(src, src + (x1 - x0) * c), base + (r * w + x0) * c);
    }
  }
  return out;
}

/**
 * A batch augmentation for the training engine (TrainOptions.augment) shifting [H, W, C] samples by up to
 * `maxShift` pixels, with draws depending only on (seed, epoch, batch).
 * @param sampleShape shape of one sample: [H, W] or [H, W, C]
 */
export function shiftTransform(sampleShape: readonly number[], maxShift: number, seed: number): (x: Float32Array, n: number, at: { epoch: number; batch: number }) => Float32Array {
  const [h, w, c = 1] = sampleShape;
  return (x, n, at) => randomShift(x, n, h, w, maxShift, mulberry32((Math.imul(seed >>> 0, 0x85ebca6b) ^ Math.imul(at.epoch + 1, 0xc2b2ae35) ^ (at.batch + 1)) >>> 0), c);
}
