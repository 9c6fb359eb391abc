/**
 * Write-behind and write-ahead overlap of a windowed op's output with its own dying input (kernel
 * streaming contract, firmware/kernels/README.md: output pixels one at a time in increasing raster order,
 * or in decreasing raster order when the kernel is called with `reverse = 1`; pixel p reads only its
 * receptive field and writes only its own output slot).
 */

/** Validates the shared geometry arguments of the distance functions (integers, lower bounds). */
function checkGeometry(fn: string, args: number[]): void {
  const names = ['inH', 'inW', 'inC', 'outH', 'outW', 'outC', 'bytesPerElement', 'kH', 'kW', 'strideH', 'strideW', 'dilH', 'dilW', 'padTop', 'padLeft'];
  const mins = [0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, -Infinity, -Infinity];
  names.forEach((name, i) => {
    const v = args[i];
    if (!Number.isInteger(v) || v < mins[i]) throw new RangeError(`${fn}: ${name} must be an integer >= ${mins[i]}, got ${v}`);
  });
}

/** First in-bounds tap of a window starting at o0 (step dil, k taps) inside [0, n), or -1 if none. */
function firstTap(o0: number, k: number, dil: number, n: number): number {
  const t = o0 >= 0 ? 0 : Math.ceil(-o0 / dil);
  if (t >= k) return -1;
  const i = o0 + t * dil;
  return i < n ? i : -1;
}

/** Last in-bounds tap of a window starting at o0 (step dil, k taps) inside [0, n), or -1 if none. */
function lastTap(o0: number, k: number, dil: number, n: number): number {
  if (firstTap(o0, k, dil, n) < 0) return -1;
  const t = Math.min(k - 1, Math.floor((n - 1 - o0) / dil));
  return o0 + t * dil;
}

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
  checkGeometry('writeBehindDistance', [inH, inW, inC, outH, outW, outC, bytesPerElement, kH, kW, strideH, strideW, dilH, dilW, padTop, padLeft]);
  const pIn = inC * bytesPerElement;
  const pOut = outC * bytesPerElement;
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

/**
 * Minimum distance in bytes by which the END of a contiguous NHWC output must lie above the END of its
 * contiguous NHWC input so that a kernel called with `reverse = 1` (output pixels in decreasing raster
 * order, "write-ahead") computes the same result as with disjoint buffers. The mirror image of
 * {@link writeBehindDistance}: it suits outputs placed at the top end of their dying input.
 *
 * With `Pout = outC·bytesPerElement`, `N = outH·outW` and `inBytes = inH·inW·inC·bytesPerElement`,
 * output pixel p (raster index) writes `[p·Pout, (p+1)·Pout)` relative to the output start while it
 * still reads its own receptive field, and the pixels visited after it (q < p) read theirs. Let
 * `lastNeeded(p)` be the end (exclusive) of the highest input byte, relative to the input start, that
 * any output pixel q ≤ p reads: for pixel q the last in-bounds tap row `iy` and column `ix` give
 * `(iy·inW + ix + 1)·inC·bytes`; pixels whose window lies wholly in the padding read nothing. Every
 * write must land at or above every byte still needed: `off(out) + p·Pout ≥ off(in) + lastNeeded(p)`.
 * Measured from the ends (`end = off + bytes`) this is
 *
 *     distance = max over p of ((N − p)·Pout − (inBytes − lastNeeded(p))),
 *
 * taken over pixels p for which some pixel q ≤ p reads anything: pixel p's slot starts `(N − p)·Pout`
 * below the output end and must not start below `inBytes − lastNeeded(p)` under the input end. The
 * overlapped placement is safe iff `(off(out) + outBytes) − (off(in) + inBytes) ≥ distance`. The distance
 * may be negative (the output may then end below the input end, e.g. a window that never reads the
 * input's last rows); when no pixel reads anything the result is `-Infinity` (any placement is safe).
 * Placements where the two byte ranges do not overlap at all are always safe and need no check.
 *
 * Examples: a 1×1 conv over N pixels with Cin → Cout (4-byte floats) gives
 * `max(Cout·4, N·Cout·4 − (N−1)·Cin·4)` (as for write-behind); a same-padded 3×3 stride-2 conv whose
 * last window reads the last input pixel gives at least Pout. The bound is pixel-granular (a kernel
 * writes pixel p's channels one at a time between reads of p's window, pooling and conv2d_preact
 * accumulate in p's slot), so it is exact for such kernels and conservative for element-wise ones.
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
 * @returns The minimum end-to-end distance in bytes (may be negative, or -Infinity when unconstrained).
 */
export function writeAheadDistance(
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
  checkGeometry('writeAheadDistance', [inH, inW, inC, outH, outW, outC, bytesPerElement, kH, kW, strideH, strideW, dilH, dilW, padTop, padLeft]);
  const pIn = inC * bytesPerElement;
  const pOut = outC * bytesPerElement;
  const inBytes = inH * inW * pIn;
  const n = outH * outW;
  const lastCol: number[] = [];
  for (let ox = 0; ox < outW; ox++) lastCol.push(lastTap(ox * strideW - padLeft, kW, dilW, inW));
  let distance = -Infinity;
  let needed = -Infinity; // lastNeeded(p): max over pixels q <= p, filled from the first pixel up
  for (let oy = 0; oy < outH; oy++) {
    const iy = lastTap(oy * strideH - padTop, kH, dilH, inH);
    for (let ox = 0; ox < outW; ox++) {
      const ix = lastCol[ox];
      if (iy >= 0 && ix >= 0) needed = Math.max(needed, (iy * inW + ix + 1) * pIn);
      if (needed !== -Infinity) distance = Math.max(distance, (n - (oy * outW + ox)) * pOut - (inBytes - needed));
    }
  }
  return distance;
}
