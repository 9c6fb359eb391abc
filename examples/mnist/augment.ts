/** Training-time data augmentation for 28×28 digits. */

/**
 * Returns a copy of `images` (n × h × w, one channel) with every image translated by a random whole number of
 * pixels in [-maxShift, maxShift] along each axis, filling with zeros (the MNIST background).
 * Deterministic for a given `rng` state.
 */
export function randomShift(images: Float32Array, n: number, h: number, w: number, maxShift: number, rng: () => number): Float32Array {
  const out = new Float32Array(images.length);
  const span = 2 * maxShift + 1;
  for (let i = 0; i < n; i++) {
    const dy = Math.floor(rng() * span) - maxShift;
    const dx = Math.floor(rng() * span) - maxShift;
    const base = i * h * w;
    for (let r = Math.max(0, dy); r < Math.min(h, h + dy); r++) {
      const src = base + (r - dy) * w;
      const dst = base + r * w;
      for (let c = Math.max(0, dx); c < Math.min(w, w + dx); c++) out[dst + c] = images[src + c - dx];
    }
  }
  return out;
}
