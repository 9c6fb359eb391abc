/**
 * Sparsity schedules for gradual magnitude pruning.
 */

/** Parameters of {@link polynomialDecaySparsity}. */
export interface PolynomialDecay {
  initialSparsity: number;
  finalSparsity: number;
  /** Steps t0 and t1 of the ramp (t1 > t0). */
  beginStep: number;
  endStep: number;
  /** Exponent (default 3, as in Zhu & Gupta 2017 and TF Model Optimization's PolynomialDecay). */
  power?: number;
}

/**
 * Target sparsity at step t: s_t = s_f + (s_i − s_f)·(1 − (t − t0)/(t1 − t0))^p, held at s_i before t0 and
 * at s_f after t1 (the schedule of TF Model Optimization's `PolynomialDecay`, "To prune, or not to prune",
 * Zhu & Gupta 2017). It prunes fast while the network has many redundant weights and slowly near the end.
 */
export function polynomialDecaySparsity(step: number, s: PolynomialDecay): number {
  const p = s.power ?? 3;
  if (!(s.endStep > s.beginStep)) return step < s.beginStep ? s.initialSparsity : s.finalSparsity;
  const frac = Math.min(1, Math.max(0, (step - s.beginStep) / (s.endStep - s.beginStep)));
  return s.finalSparsity + (s.initialSparsity - s.finalSparsity) * Math.pow(1 - frac, p);
}
