/**
 * Seeded random placement problems shaped like network graphs: chains, branches, concatenations and
 * elementwise adds give the buffer lifetimes; some ops get scratch buffers; some ops that may stream their output
 * over their dying input get PairRules. Reusable by any test of the planner.
 */
import { PairRule, PlacementProblem, PlanBuffer } from '../../src/plan/problem';
import { mulberry32 } from '../helpers/rng';

/** Options of {@link randomProblem}. */
export interface RandomProblemOptions {
  /** Number of ops = steps (default 12). */
  ops?: number;
  /** Offset alignment; buffer sizes are multiples of it (default 16). */
  align?: number;
  /** Largest tensor size in alignment units (default 8). */
  maxUnits?: number;
  /** Probability that an op has a scratch buffer (default 0.1). */
  scratchProb?: number;
  /** Probability that an op whose input dies there gets an in-place PairRule (default 0). */
  ruleProb?: number;
  /**
   * Probability that a rule is a general one instead (random forbidden sub-intervals of plain disjointness,
   * possibly unaligned, possibly entirely below or above zero) (default 0).
   */
  generalRuleProb?: number;
  /** Probability that a tensor stays live until the last step (a graph output) (default 0.1). */
  outputProb?: number;
  /** Probability that an add or concat takes a tensor from anywhere earlier (a long skip) (default 0.2). */
  skipProb?: number;
}

interface Tensor {
  bytes: number;
  first: number;
  last: number;
  label: string;
}

/**
 * A random problem from `seed`. Op kinds: chain (consumes the latest tensor), branch (consumes an older
 * tensor, so that tensor has several consumers), add (two inputs, output as large as the larger) and concat
 * (2–3 inputs, output their sum). Graph inputs are live from step 0, the final tensor until the last step.
 *
 * Rules (with `ruleProb`) are made for single-input ops and adds whose (first) input dies at the op:
 * "in-place" (same size; only d = 0 or disjoint), or "write-behind" (the output may start at or before the
 * input plus k: forbidden (k, bytes(in)) for d = off(out) − off(in)).
 */
export function randomProblem(seed: number, opts: RandomProblemOptions = {}): PlacementProblem {
  const rng = mulberry32(seed);
  const ops = opts.ops ?? 12;
  const align = opts.align ?? 16;
  const maxUnits = opts.maxUnits ?? 8;
  const scratchProb = opts.scratchProb ?? 0.1;
  const ruleProb = opts.ruleProb ?? 0;
  const generalRuleProb = opts.generalRuleProb ?? 0;
  const outputProb = opts.outputProb ?? 0.1;
  const skipProb = opts.skipProb ?? 0.2;
  const int = (lo: number, hi: number) => lo + Math.floor(rng() * (hi - lo + 1));
  const size = () => align * int(1, maxUnits);

  const tensors: Tensor[] = [];
  const scratch: Tensor[] = [];
  const inputsOf: number[][] = [];
  const outputOf: number[] = [];
  const nInputs = rng() < 0.3 ? 2 : 1;
  for (let i = 0; i < nInputs; i++) tensors.push({ bytes: size(), first: 0, last: 0, label: `in${i}` });
  const pickRecent = (exclude: number[]) => {
    // Geometric preference for recent tensors; sometimes any earlier one.
    for (let tries = 0; tries < 20; tries++) {
      let k = tensors.length - 1;
      if (rng() < skipProb) k = int(0, k);
      else while (k > 0 && rng() < 0.45) k--;
      if (!exclude.includes(k)) return k;
    }
    return -1;
  };
  for (let s = 0; s < ops; s++) {
    const r = rng();
    let inputs: number[];
    let bytes: number;
    let kind: string;
    if (r < 0.5 || tensors.length < 2) {
      kind = 'chain';
      inputs = [tensors.length - 1];
      bytes = rng() < 0.4 ? tensors[inputs[0]].bytes : size();
    } else if (r < 0.65) {
      kind = 'branch';
      inputs = [int(Math.max(0, tensors.length - 5), tensors.length - 1)];
      bytes = size();
    } else if (r < 0.82) {
      kind = 'add';
      const a = tensors.length - 1;
      const b = pickRecent([a]);
      inputs = b >= 0 ? [a, b] : [a];
      bytes = Math.max(...inputs.map((t) => tensors[t].bytes));
    } else {
      kind = 'concat';
      const a = tensors.length - 1;
      inputs = [a];
      const k = int(1, 2);
      for (let i = 0; i < k; i++) {
        const b = pickRecent(inputs);
        if (b >= 0) inputs.push(b);
      }
      bytes = inputs.reduce((sum, t) => sum + tensors[t].bytes, 0);
    }
    for (const t of inputs) tensors[t].last = Math.max(tensors[t].last, s);
    inputsOf.push(inputs);
    outputOf.push(tensors.length);
    tensors.push({ bytes, first: s, last: s, label: `${kind}${s}` });
    if (rng() < scratchProb) scratch.push({ bytes: size(), first: s, last: s, label: `scratch: op${s}` });
  }
  // The final tensor and some others are graph outputs.
  tensors[tensors.length - 1].last = ops - 1;
  for (const t of tensors) if (rng() < outputProb) t.last = ops - 1;

  const buffers: PlanBuffer[] = [
    ...tensors.map((t, i) => ({ id: i, bytes: t.bytes, first: t.first, last: t.last, label: t.label, tensors: [i], kind: 'activation' as const })),
    ...scratch.map((t, i) => ({
      id: tensors.length + i,
      bytes: t.bytes,
      first: t.first,
      last: t.last,
      label: t.label,
      tensors: [],
      kind: 'scratch' as const,
    })),
  ];

  const rules: PairRule[] = [];
  if (ruleProb > 0) {
    for (let s = 0; s < ops; s++) {
      const inputs = inputsOf[s];
      const out = outputOf[s];
      if (inputs.length > 2) continue;
      const a = inputs[0];
      if (tensors[a].last !== s || rng() >= ruleProb) continue;
      const ba = tensors[a].bytes;
      const bb = tensors[out].bytes;
      if (rng() < generalRuleProb) {
        // Random sub-intervals of (−bb, ba), possibly unaligned.
        const lo0 = -bb + int(0, bb);
        const hi0 = ba - int(0, ba);
        const forbidden: [number, number][] = [];
        if (lo0 < hi0) {
          const mid = int(lo0, hi0);
          if (rng() < 0.5 || mid === lo0 || mid === hi0) forbidden.push([lo0, hi0]);
          else forbidden.push([lo0, mid - 1 > lo0 ? mid - 1 : mid], [mid, hi0]);
        }
        const clean = forbidden.filter(([lo, hi]) => lo < hi);
        rules.push({ a, b: out, forbidden: clean, reason: `general rule at op${s}` });
      } else if (ba === bb && rng() < 0.5) {
        rules.push({ a, b: out, forbidden: [[-bb, 0], [0, ba]], reason: `in-place op${s}` });
      } else {
        const k = rng() < 0.5 ? 0 : int(0, ba - 1);
        rules.push({ a, b: out, forbidden: [[k, ba]], reason: `op${s} writes behind its reads` });
      }
    }
  }
  return { buffers, steps: ops, align, rules };
}
