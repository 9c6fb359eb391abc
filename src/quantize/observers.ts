/**
 * Range observers for post-training int8 calibration. Each observer is fed the values of ONE tensor, one
 * sample at a time (`observe`), and reports the real range `[min, max]` the quantizer should map onto int8
 * (`range`). The quantizer, not the observer, widens a range to contain 0 (TFLite does the same), so a
 * reported range need not contain 0 — except for {@link MseObserver}, whose search models the quantizer.
 *
 * Non-finite values (NaN, ±Infinity) are ignored by every observer; `calibrate()` rejects them up front.
 * An observer that has seen no finite value reports `{ min: 0, max: 0 }`.
 *
 * Histogram-based observers (percentile, MSE, KL) work in one pass with bounded memory: see {@link Histogram}.
 */

// Local aliases: hot loops below call these per element, and looking them up on the global object is slow
// in some embeddings (Jest's VM contexts run `Math.floor(x)` about 15× slower than a local alias).
const { abs, ceil, floor, log, min: fmin, max: fmax } = Math;
const finite = Number.isFinite;

/** A real-valued range; `min ≤ max`. */
export interface TensorRange {
  min: number;
  max: number;
}

/** What every calibration observer implements. */
export interface Observer {
  /** Feeds the values of one tensor for one sample (or any batch of them). The array is not retained. */
  observe(values: Float32Array): void;
  /** The range chosen from everything observed so far. */
  range(): TensorRange;
}

/** Default number of bins of the internal histograms (128 KB of counts per tensor). */
export const DEFAULT_HISTOGRAM_BINS = 16384;

/** Most clipping thresholds {@link MseObserver} tries on each side of 0. */
export const MSE_CANDIDATES = 512;

/** Min and max over the finite entries of `values`; `count` is how many were finite. */
function finiteExtremes(values: Float32Array): { min: number; max: number; count: number } {
  let min = Infinity;
  let max = -Infinity;
  let count = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (!finite(v)) continue;
    if (v < min) min = v;
    if (v > max) max = v;
    count++;
  }
  return { min, max, count };
}

/**
 * A one-pass histogram with a fixed number of equal-width bins over `[lo, hi)` that grows its range as data
 * arrives, by whole powers of two: growing the width by 2^k merges each run of 2^k adjacent bins into one
 * (anchored at `lo` when growing upwards, at `hi` when growing downwards), which is exact — no count is ever
 * redistributed by guesswork. The first batch sets the initial range to its exact extremes, so the final
 * range is less than about 4× the observed span (at least `bins / 4` bins cover the data).
 *
 * In `'abs'` mode it histograms |x| over `[0, hi)`, as TensorRT's entropy calibration does.
 * Counts are doubles (exact up to 2^53 values). `min`/`max` are the exact extremes of the histogrammed
 * values (of |x| in `'abs'` mode).
 */
export class Histogram {
  /** Bin counts; bin j covers `[lo + j·w, lo + (j + 1)·w)` with `w = (hi − lo) / bins` (the top bin includes `hi`). */
  counts: Float64Array;
  lo = 0;
  hi = 0;
  /** Number of values histogrammed. */
  total = 0;
  /** Exact smallest histogrammed value (Infinity when empty). */
  min = Infinity;
  /** Exact largest histogrammed value (−Infinity when empty). */
  max = -Infinity;

  /**
   * @param bins number of bins (≥ 2)
   * @param mode `'signed'` histograms x, `'abs'` histograms |x| with the range anchored at 0
   */
  constructor(
    readonly bins: number = DEFAULT_HISTOGRAM_BINS,
    readonly mode: 'signed' | 'abs' = 'signed',
  ) {
    if (!Number.isInteger(bins) || bins < 2) throw new Error(`internal: histogram needs an integer number of bins ≥ 2, got ${bins}`);
    this.counts = new Float64Array(bins);
  }

  /** Width of one bin. */
  get binWidth(): number {
    return (this.hi - this.lo) / this.bins;
  }

  /** Adds the finite entries of `values` (their absolute values in `'abs'` mode). */
  add(values: Float32Array): void {
    const absMode = this.mode === 'abs';
    let bmin = Infinity;
    let bmax = -Infinity;
    for (let i = 0; i < values.length; i++) {
      let v = values[i];
      if (!finite(v)) continue;
      if (absMode) v = abs(v);
      if (v < bmin) bmin = v;
      if (v > bmax) bmax = v;
    }
    if (bmin > bmax) return; // nothing finite
    if (this.total === 0) this.init(absMode ? 0 : bmin, bmax);
    else {
      if (bmax > this.hi) this.growUp(bmax);
      if (bmin < this.lo) this.growDown(bmin);
    }
    if (bmin < this.min) this.min = bmin;
    if (bmax > this.max) this.max = bmax;

    const n = this.bins;
    const lo = this.lo;
    const scale = n / (this.hi - this.lo);
    const c = this.counts;
    for (let i = 0; i < values.length; i++) {
      let v = values[i];
      if (!finite(v)) continue;
      if (absMode) v = abs(v);
      let j = floor((v - lo) * scale);
      if (j >= n) j = n - 1;
      else if (j < 0) j = 0;
      c[j]++;
      this.total++;
    }
  }

  private init(lo: number, max: number): void {
    this.lo = lo;
    let w = max - lo;
    // A constant first batch: start with a tiny width; growth by powers of two fixes it later at no loss.
    if (!(w > 0)) w = abs(lo) > 0 ? abs(lo) * 2 ** -20 : 2 ** -60;
    // The top bin also takes values equal to `hi`, so hi = max is fine.
    this.hi = lo + w;
  }

  /** Grows the range upwards (keeping `lo`) until it reaches `x`. */
  private growUp(x: number): void {
    const w = this.hi - this.lo;
    let f = 1;
    while (this.lo + w * f < x) f *= 2;
    if (f === 1) return;
    const n = this.bins;
    const out = new Float64Array(n);
    for (let j = 0; j < n; j++) if (this.counts[j] !== 0) out[floor(j / f)] += this.counts[j];
    this.counts = out;
    this.hi = this.lo + w * f;
  }

  /** Grows the range downwards (keeping `hi`) until it reaches `x`. */
  private growDown(x: number): void {
    const w = this.hi - this.lo;
    let f = 1;
    while (this.hi - w * f > x) f *= 2;
    if (f === 1) return;
    const n = this.bins;
    const out = new Float64Array(n);
    for (let j = 0; j < n; j++) if (this.counts[j] !== 0) out[n - 1 - floor((n - 1 - j) / f)] += this.counts[j];
    this.counts = out;
    this.lo = this.hi - w * f;
  }

  /**
   * The q-quantile (q ∈ [0, 1]) of the histogrammed values, interpolating linearly inside the bin where the
   * cumulative count crosses q·total, and clamped to the exact observed [min, max] (so q = 0 and q = 1 give
   * the exact extremes).
   */
  quantile(q: number): number {
    if (this.total === 0) return 0;
    const target = q * this.total;
    const w = this.binWidth;
    let cum = 0;
    for (let j = 0; j < this.bins; j++) {
      const c = this.counts[j];
      if (c > 0 && cum + c >= target) {
        const v = this.lo + (j + (target - cum) / c) * w;
        return fmin(this.max, fmax(this.min, v));
      }
      cum += c;
    }
    return this.max;
  }

  /**
   * Re-bins the counts into `n` equal bins over `[lo, hi]`, spreading each source bin's count uniformly over
   * its part inside `[lo, hi]` (the part outside is folded in: callers pass ranges covering all the data, so
   * only the source bins holding the extremes stick out, and their data lies inside).
   */
  rebin(n: number, lo: number, hi: number): Float64Array {
    const out = new Float64Array(n);
    const tw = (hi - lo) / n;
    const sw = this.binWidth;
    for (let j = 0; j < this.bins; j++) {
      const c = this.counts[j];
      if (c === 0) continue;
      let t0 = (this.lo + j * sw - lo) / tw;
      let t1 = (this.lo + (j + 1) * sw - lo) / tw;
      t0 = fmin(n, fmax(0, t0));
      t1 = fmin(n, fmax(0, t1));
      if (!(t1 > t0)) {
        out[fmin(n - 1, floor(t0))] += c;
        continue;
      }
      for (let k = floor(t0); k < t1 && k < n; k++) {
        const overlap = fmin(t1, k + 1) - fmax(t0, k);
        if (overlap > 0) out[k] += (c * overlap) / (t1 - t0);
      }
    }
    return out;
  }
}

/** Min/max calibration (TFLite's default): the exact running minimum and maximum of everything observed. */
export class MinMaxObserver implements Observer {
  private min = Infinity;
  private max = -Infinity;

  observe(values: Float32Array): void {
    const e = finiteExtremes(values);
    if (e.count === 0) return;
    if (e.min < this.min) this.min = e.min;
    if (e.max > this.max) this.max = e.max;
  }

  range(): TensorRange {
    return this.min <= this.max ? { min: this.min, max: this.max } : { min: 0, max: 0 };
  }
}

/**
 * Moving-average min/max: an exponential moving average of each observed batch's min and max,
 * `m ← m + c·(batch_min − m)` (likewise for max), with the first batch initialising both. Each `observe`
 * call is one step, so feed it one sample at a time (as `calibrate()` does). c = 0.01 by default, the
 * averaging constant of PyTorch's MovingAverageMinMaxObserver (TF's EMA decay 0.99 ... 0.999 is 1 − c).
 */
export class MovingAverageMinMaxObserver implements Observer {
  private min = 0;
  private max = 0;
  private steps = 0;

  /** @param c averaging constant in (0, 1]; 1 keeps only the last batch */
  constructor(readonly c = 0.01) {
    if (!(c > 0 && c <= 1)) throw new Error(`internal: moving-average constant must be in (0, 1], got ${c}`);
  }

  observe(values: Float32Array): void {
    const e = finiteExtremes(values);
    if (e.count === 0) return;
    if (this.steps === 0) {
      this.min = e.min;
      this.max = e.max;
    } else {
      this.min += this.c * (e.min - this.min);
      this.max += this.c * (e.max - this.max);
    }
    this.steps++;
  }

  range(): TensorRange {
    return { min: this.min, max: this.max };
  }
}

/**
 * Percentile calibration on the VALUE distribution (not |x|): `max` is the p-th percentile of all observed
 * values and `min` the (100 − p)-th, so each tail independently drops (100 − p) % of the values — a
 * one-sided outlier moves only its own side, and non-negative data keeps a non-negative min. Quantiles come
 * from a range-growing {@link Histogram} (linear interpolation inside a bin, clamped to the exact extremes;
 * p = 100 gives exactly min/max).
 */
export class PercentileObserver implements Observer {
  private readonly hist: Histogram;

  /**
   * @param percentile in [50, 100]; 99.999 by default
   * @param bins histogram resolution
   */
  constructor(
    readonly percentile = 99.999,
    bins = DEFAULT_HISTOGRAM_BINS,
  ) {
    if (!(percentile >= 50 && percentile <= 100)) throw new RangeError(`percentile must be in [50, 100], got ${percentile}`);
    this.hist = new Histogram(bins, 'signed');
  }

  observe(values: Float32Array): void {
    this.hist.add(values);
  }

  range(): TensorRange {
    if (this.hist.total === 0) return { min: 0, max: 0 };
    const q = this.percentile / 100;
    return { min: this.hist.quantile(1 - q), max: this.hist.quantile(q) };
  }
}

/**
 * MSE calibration: picks the clipping range [a, b] (a ≤ 0 ≤ b, as int8 asymmetric quantization with an exactly
 * representable 0 requires) minimising the expected squared error of quantizing the observed values onto the
 * 256-point grid a + k·Δ, Δ = (b − a)/255:
 *
 *   E(a, b) = Σ_{x<a} (a − x)² + Σ_{x>b} (x − b)² + Σ_{a≤x≤b} (x − nearest grid point)²,
 *
 * evaluated on the histogram (each bin's values at its centre, plus the within-bin spread w²/12 for in-range
 * values). Prefix sums of count, count·x and count·x² make each candidate cost O(256) (one term per grid
 * cell) instead of O(bins). Zero-point nudging is ignored. Candidates for a are min(min, 0), 0 and up to
 * {@link MSE_CANDIDATES} evenly spaced bin edges between them; likewise for b. The search is a 32×32 grid over
 * the candidates followed by a pattern search (steps halving down to one candidate) from the best of them.
 *
 * Rounding is evaluated exactly rather than with the Δ²/12 noise model, which overestimates the error badly once
 * Δ exceeds the spread of the bulk (the bulk then rounds to a few grid points). Consequence: k outliers at ±M
 * among N values of spread σ are kept when clipping them (≈ k·M²) costs more than rounding the bulk coarsely
 * (≈ N·σ² at most); the more ordinary values there are, the more of the outliers' span is clipped.
 */
export class MseObserver implements Observer {
  private readonly hist: Histogram;

  /** @param bins histogram resolution */
  constructor(bins = DEFAULT_HISTOGRAM_BINS) {
    this.hist = new Histogram(bins, 'signed');
  }

  observe(values: Float32Array): void {
    this.hist.add(values);
  }

  range(): TensorRange {
    const h = this.hist;
    if (h.total === 0) return { min: 0, max: 0 };
    const n = h.bins;
    const w = h.binWidth;
    // Representative value of each bin: its centre, clamped to the exact extremes. Monotone in the bin index.
    const rep = (j: number): number => fmin(h.max, fmax(h.min, h.lo + (j + 0.5) * w));
    // Prefix sums of count, count·x, count·x² over bins [0, j).
    const c0 = new Float64Array(n + 1);
    const c1 = new Float64Array(n + 1);
    const c2 = new Float64Array(n + 1);
    for (let j = 0; j < n; j++) {
      const c = h.counts[j];
      const x = rep(j);
      c0[j + 1] = c0[j] + c;
      c1[j + 1] = c1[j] + c * x;
      c2[j + 1] = c2[j] + c * x * x;
    }
    // Number of bins whose representative is < v: the centre formula, corrected where rep() is clamped.
    const lo = h.lo;
    const below = (v: number): number => {
      let j = ceil((v - lo) / w - 0.5);
      if (j < 0) j = 0;
      else if (j > n) j = n;
      while (j > 0 && rep(j - 1) >= v) j--;
      while (j < n && rep(j) < v) j++;
      return j;
    };
    // Number of bins whose representative is ≤ v.
    const atMost = (v: number): number => {
      let j = floor((v - lo) / w - 0.5) + 1;
      if (j < 0) j = 0;
      else if (j > n) j = n;
      while (j > 0 && rep(j - 1) > v) j--;
      while (j < n && rep(j) <= v) j++;
      return j;
    };
    // Σ count·(x − g)² over bins [l, r).
    const sq = (l: number, r: number, g: number): number =>
      r > l ? fmax(0, g * g * (c0[r] - c0[l]) - 2 * g * (c1[r] - c1[l]) + (c2[r] - c2[l])) : 0;

    const cost = (a: number, b: number): number => {
      const l = below(a); // bins [0, l) are clipped to a
      const r = atMost(b); // bins [r, n) are clipped to b
      let e = sq(0, l, a) + sq(r, n, b);
      if (r <= l) return e;
      e += ((c0[r] - c0[l]) * w * w) / 12;
      const d = (b - a) / 255;
      if (!(d > 0)) return e + sq(l, r, a);
      // Walk the grid cells [a + (k − ½)Δ, a + (k + ½)Δ) that hold bins, skipping empty stretches.
      let from = l;
      while (from < c0.length - 1 && from < r && c0[from + 1] === c0[from]) from++; // skip empty bins
      while (from < r) {
        const k = fmin(255, fmax(0, floor((rep(from) - a) / d + 0.5)));
        const to = k === 255 ? r : fmin(r, fmax(from + 1, below(a + (k + 0.5) * d)));
        e += sq(from, to, a + k * d);
        from = to;
        while (from < r && c0[from + 1] === c0[from]) from++;
      }
      return e;
    };

    const lowest = fmin(h.min, 0);
    const highest = fmax(h.max, 0);
    const edges = (from: number, to: number): number[] => {
      // Bin edges strictly inside (from, to), at most MSE_CANDIDATES of them, evenly spread.
      const j0 = floor((from - h.lo) / w) + 1;
      const j1 = ceil((to - h.lo) / w) - 1;
      const out: number[] = [];
      if (j1 < j0) return out;
      const step = fmax(1, (j1 - j0) / MSE_CANDIDATES);
      for (let t = j0; t <= j1; t += step) {
        const e = h.lo + floor(t) * w;
        if (e > from && e < to && e !== out[out.length - 1]) out.push(e);
      }
      return out;
    };
    const as = [lowest, ...edges(lowest, 0)];
    if (lowest < 0) as.push(0);
    const bs = [...edges(0, highest), highest];
    if (highest > 0) bs.unshift(0);

    const grid = (len: number): number[] => {
      const m = fmin(len, 32);
      const out = new Set<number>();
      for (let t = 0; t < m; t++) out.add(m === 1 ? len - 1 : Math.round((t * (len - 1)) / (m - 1)));
      return [...out];
    };
    let bi = 0;
    let bk = bs.length - 1;
    let best = cost(as[bi], bs[bk]);
    for (const i of grid(as.length)) {
      for (const k of grid(bs.length)) {
        const e = cost(as[i], bs[k]);
        if (e < best) [best, bi, bk] = [e, i, k];
      }
    }
    // Pattern search around the best grid point (the 8 neighbours at the current step, halving the steps when
    // none improves): follows the coupled valley of (a, b) that plain coordinate descent zig-zags along.
    let si = Math.ceil(as.length / 32);
    let sk = Math.ceil(bs.length / 32);
    for (;;) {
      let moved = false;
      for (const di of [-si, 0, si]) {
        for (const dk of [-sk, 0, sk]) {
          const i = bi + di;
          const k = bk + dk;
          if ((di === 0 && dk === 0) || i < 0 || i >= as.length || k < 0 || k >= bs.length) continue;
          const e = cost(as[i], bs[k]);
          if (e < best) [best, bi, bk, moved] = [e, i, k, true];
        }
      }
      if (moved) continue;
      if (si === 1 && sk === 1) break;
      si = Math.ceil(si / 2);
      sk = Math.ceil(sk / 2);
    }
    return { min: as[bi], max: bs[bk] };
  }
}

/** Index m in [first, n) minimising TensorRT's KL(P‖Q) over a |x| histogram of n bins, or n when no data. */
function klBestBins(hist: Float64Array, levels: number, first: number): number {
  const n = hist.length;
  let total = 0;
  for (let j = 0; j < n; j++) total += hist[j];
  if (total === 0) return n;
  // suffix[j] = Σ hist[j..n)
  const suffix = new Float64Array(n + 1);
  for (let j = n - 1; j >= 0; j--) suffix[j] = suffix[j + 1] + hist[j];

  const EPS = 1e-4; // stand-in for Q where Q = 0 but P > 0 (normalised units)
  const p = Float64Array.from(hist);
  const q = new Float64Array(n);
  let bestI = n;
  let bestKl = Infinity;
  for (let i = first; i < n; i++) {
    // P = bins [0, i) with the outliers (bins ≥ i) folded into bin i − 1 (undone at the end); its sum is `total`.
    p[i - 1] += suffix[i];
    // Q = the UNFOLDED bins [0, i) merged into `levels` levels (level j = bins [⌊j·i/levels⌋, ⌊(j+1)·i/levels⌋)),
    // each level's mass then spread evenly over the bins of that level where P is non-zero.
    let qSum = 0;
    for (let lv = 0; lv < levels; lv++) {
      const s = floor((lv * i) / levels);
      const e = floor(((lv + 1) * i) / levels);
      let mass = 0;
      let nonzero = 0;
      for (let k = s; k < e; k++) {
        mass += hist[k];
        if (p[k] !== 0) nonzero++;
      }
      const each = nonzero > 0 ? mass / nonzero : 0;
      for (let k = s; k < e; k++) q[k] = p[k] !== 0 ? each : 0;
      qSum += mass;
    }
    if (qSum > 0) {
      let kl = 0;
      for (let k = 0; k < i; k++) {
        if (p[k] === 0) continue;
        const pk = p[k] / total;
        const qk = q[k] > 0 ? q[k] / qSum : EPS;
        kl += pk * log(pk / qk);
      }
      if (kl < bestKl) {
        bestKl = kl;
        bestI = i;
      }
    }
    p[i - 1] = hist[i - 1];
  }
  return bestI;
}

/**
 * KL / entropy calibration as TensorRT publishes it (Migacz, "8-bit Inference with TensorRT", GTC 2017):
 *
 * 1. histogram |x| into 2048 bins over [0, max|x|];
 * 2. for every i in 128 … 2047: P = bins [0, i) with all counts of bins ≥ i folded into bin i − 1; Q = the
 *    same i bins WITHOUT the folded outliers, merged into 128 levels (level boundaries ⌊j·i/128⌋, so levels
 *    differ by at most one bin in size) and expanded back to i bins by spreading each level's mass evenly
 *    over its bins where P ≠ 0; both normalised;
 * 3. pick the i minimising KL(P‖Q) = Σ P log(P/Q); threshold t = (i + 0.5) · max|x| / 2048 (TensorRT's formula).
 *
 * Q is built from the unfolded bins (as in the published pseudo-code): building it from the folded P would
 * make i = 128 reproduce P exactly (KL = 0) whatever the data. Where Q = 0 but P > 0 (the folded mass lands
 * in a level with no data of its own), Q is taken as 1e-4 instead of giving an infinite divergence (a simpler
 * form of the ε-smoothing MXNet's implementation of the method applies), so outlier mass that small is cheap
 * to clip and mass much larger than 1e-4 is not.
 *
 * Returns [−t, t], or [0, t] when every observed value is ≥ 0 (e.g. after ReLU). One-pass approximation:
 * values go into a fine range-growing |x| histogram ({@link DEFAULT_HISTOGRAM_BINS} bins) which is re-binned
 * into the 2048 bins over the exact final max|x| when `range()` is called.
 */
export class KlObserver implements Observer {
  private readonly hist: Histogram;
  private min = Infinity;

  /**
   * @param bins number of histogram bins of the search (2048 in TensorRT)
   * @param levels number of quantized levels (128 for int8: the magnitudes of a symmetric int8 grid)
   * @param fineBins resolution of the internal histogram that is re-binned into `bins`
   */
  constructor(
    readonly bins = 2048,
    readonly levels = 128,
    fineBins = fmax(DEFAULT_HISTOGRAM_BINS, 4 * bins),
  ) {
    if (!(levels >= 2 && bins > levels)) throw new Error(`internal: KL calibration needs bins > levels ≥ 2, got ${bins}, ${levels}`);
    this.hist = new Histogram(fineBins, 'abs');
  }

  observe(values: Float32Array): void {
    const e = finiteExtremes(values);
    if (e.count === 0) return;
    if (e.min < this.min) this.min = e.min;
    this.hist.add(values);
  }

  range(): TensorRange {
    const maxAbs = this.hist.max;
    if (this.hist.total === 0 || !(maxAbs > 0)) return { min: 0, max: 0 };
    const hist = this.hist.rebin(this.bins, 0, maxAbs);
    const i = klBestBins(hist, this.levels, this.levels);
    const t = fmin(maxAbs, ((i + 0.5) * maxAbs) / this.bins);
    return this.min >= 0 ? { min: 0, max: t } : { min: -t, max: t };
  }
}
