/**
 * Board against host reference: per output, max and mean absolute error, cosine similarity, top-1 agreement and,
 * for int8, how many samples are bit-exact. Int8 results must be bit-exact (the same integer arithmetic); float
 * ones within 1e-4 + 1e-3·|reference| per element (compilers may contract differently).
 */
import { ManifestTensor } from './manifest';
import { outputValues } from './samples';

/** The comparison of one output over all samples. */
export interface OutputComparison {
  name: string;
  dtype: 'float32' | 'int8';
  samples: number;
  maxAbsError: number;
  meanAbsError: number;
  /** Cosine similarity of all board values with all reference values. */
  cosine: number;
  /** Samples whose arg-max equals the reference's. */
  top1Agree: number;
  /** Samples whose bytes equal the reference's. */
  bitExact: number;
  /** Elements outside the tolerance (float) or different (int8). */
  mismatches: number;
  /** First differing element, as [sample, element, board, reference]. */
  firstMismatch?: [number, number, number, number];
  pass: boolean;
}

const argmax = (v: ArrayLike<number>): number => {
  let best = 0;
  for (let i = 1; i < v.length; i++) if (v[i] > v[best]) best = i;
  return best;
};

/** Compares output `t` of every sample, board bytes against reference bytes. */
export function compareOutput(t: ManifestTensor, board: Buffer[], ref: Buffer[]): OutputComparison {
  let maxAbs = 0;
  let sumAbs = 0;
  let n = 0;
  let dot = 0;
  let nb = 0;
  let nr = 0;
  let top1 = 0;
  let exact = 0;
  let mismatches = 0;
  let first: OutputComparison['firstMismatch'];
  for (let s = 0; s < board.length; s++) {
    const b = outputValues(t, board[s]);
    const r = outputValues(t, ref[s]);
    if (board[s].equals(ref[s])) exact++;
    if (argmax(b) === argmax(r)) top1++;
    for (let i = 0; i < r.length; i++) {
      const d = Math.abs(b[i] - r[i]);
      const ok = t.dtype === 'int8' ? d === 0 : d <= 1e-4 + 1e-3 * Math.abs(r[i]);
      if (!ok || Number.isNaN(b[i])) {
        mismatches++;
        first ??= [s, i, b[i], r[i]];
      }
      maxAbs = Math.max(maxAbs, Number.isNaN(d) ? Infinity : d);
      sumAbs += d;
      n++;
      dot += b[i] * r[i];
      nb += b[i] * b[i];
      nr += r[i] * r[i];
    }
  }
  const cosine = nb === 0 && nr === 0 ? 1 : dot / Math.sqrt(nb * nr || 1);
  return { name: t.name, dtype: t.dtype, samples: board.length, maxAbsError: maxAbs, meanAbsError: n ? sumAbs / n : 0, cosine, top1Agree: top1, bitExact: exact, mismatches, firstMismatch: first, pass: mismatches === 0 };
}
