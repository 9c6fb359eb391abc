/**
 * Write-behind overlap of a windowed op's output with its own dying input (kernel streaming contract,
 * firmware/kernels/README.md: output pixels in increasing raster order, pixel p reads only its receptive
 * field and writes only its own output slot).
 */

/**
 * Minimum distance in bytes by which a contiguous NHWC output must start below its contiguous NHWC input
 * so that a streaming kernel computes the same result as with disjoint buffers.
 *
 * With `Pout = outC·bytesPerElement`, output pixel p (raster index) writes `[p·Pout, (p+1)·Pout)` relative
 * to the output start while it still reads its own receptive field, and later pixels read theirs. Let
 * `firstNeeded(p)` be the lowest input byte (relative to the input start) that any output pixel q ≥ p
 * reads: for pixel q the first in-bounds tap row `iy` and column `ix` give `(iy·inW + ix)·inC·bytes`;
 * pixels whose window lies wholly in the padding read nothing. Every write must land below every byte
 * still needed, so
 *
 *     distance = max over p of ((p+1)·Pout − firstNeeded(p)),
 *
 * taken over pixels p for which some pixel q ≥ p reads anything. The overlapped placement is safe iff
 * `off(out) − off(in) ≤ −distance`, i.e. `off(out) ≤ off(in) − distance`. The distance may be negative
 * (the output may then start above the input start, e.g. a crop-like window that begins far into the
 * input); when no pixel reads anything the result is `-Infinity` (any placement is safe). Placements
 * where the two byte ranges do not overlap at all are always safe and need no check.
 *
 * Examples: a 1×1 conv over N pixels with Cin → Cout (4-byte floats) gives
 * `max(Cout·4, N·Cout·4 − (N−1)·Cin·4)`; a same-padded 3×3 stride-2 conv gives at least Pout (pixel 0
 * reads input byte 0). The bound is pixel-granular (a kernel writes pixel p's channels one at a time
 * between reads of p's window), so it also holds for element-wise kernels, where it is conservative.
 *
 * Global pooling is the window kH = inH, kW = inW, stride 1, no padding, output 1×1.
 *
 * @param inH Input height.
 * @param inW Input width.
 * @param inC Input channels (pixel stride of the contiguous input).
 * @param outH Output height.
 * @param outW Output width.
 * @param outC Output channels (pixel stride of the contiguous output).
 * @param bytesPerElement Element size in bytes (4 for float32).
 * @param kH Window (kernel) height.
 * @param kW Window (kernel) width.
 * @param strideH Vertical stride (≥ 1).
 * @param strideW Horizontal stride (≥ 1).
 * @param dilH Vertical dilation (≥ 1; 1 for pooling).
 * @param dilW Horizontal dilation (≥ 1; 1 for pooling).
 * @param padTop Implicit rows above the input.
 * @param padLeft Implicit columns left of the input.
 * @returns The minimum distance in bytes (may be negative, or -Infinity when unconstrained).
 */
export function writeBehindDistance(
  inH: number,
  inW: number,
  inC: number,
  outH: number,
  outW: number,
  outC: number,
  bytesPerElement: number,
  kH: number,
  kW: number,
  strideH: number,
  strideW: number,
  dilH: number,
  dilW: number,
  padTop: number,
  padLeft: number,
): number {
  const ints: [string, number, number][] = [
    ['inH', inH, 0], ['inW', inW, 0], ['inC', inC, 0], ['outH', outH, 0], ['outW', outW, 0], ['outC', outC, 0],
    ['bytesPerElement', bytesPerElement, 1], ['kH', kH, 1], ['kW', kW, 1], ['strideH', strideH, 1],
    ['strideW', strideW, 1], ['dilH', dilH, 1], ['dilW', dilW, 1], ['padTop', padTop, -Infinity], ['padLeft', padLeft, -Infinity],
  ];
  for (const [name, v, min] of ints) {
    if (!Number.isInteger(v) || v < min) throw new RangeError(`writeBehindDistance: ${name} must be an integer >= ${min}, got ${v}`);
  }
  const pIn = inC * bytesPerElement;
  const pOut = outC * bytesPerElement;
  // First in-bounds tap of a window starting at o0 (step dil, k taps) inside [0, n), or -1 if none.
  const firstTap = (o0: number, k: number, dil: number, n: number): number => {
    const t = o0 >= 0 ? 0 : Math.ceil(-o0 / dil);
    if (t >= k) return -1;
    const i = o0 + t * dil;
    return i < n ? i : -1;
  };
  const firstCol: number[] = [];
  for (let ox = 0; ox < outW; ox++) firstCol.push(firstTap(ox * strideW - padLeft, kW, dilW, inW));
  let distance = -Infinity;
  let needed = Infinity; // firstNeeded(p): min over pixels q >= p, filled from the last pixel down
  for (let oy = outH - 1; oy >= 0; oy--) {
    const iy = firstTap(oy * strideH - padTop, kH, dilH, inH);
    for (let ox = outW - 1; ox >= 0; ox--) {
      const ix = firstCol[ox];
      if (iy >= 0 && ix >= 0) needed = Math.min(needed, (iy * inW + ix) * pIn);
      if (needed !== Infinity) distance = Math.max(distance, (oy * outW + ox + 1) * pOut - needed);
    }
  }
  return distance;
}
