/**
 * Mixed precision chosen from a sensitivity analysis: each candidate kernel is put alone on the int4 grid
 * (shareWeights.ts's int4Kernels: symmetric, 15 levels, zeros kept), the model's accuracy measured on training
 * samples, and the kernel restored; the layers whose drop stays within the budget become int4 (two weights per
 * byte in flash, quantization-aware fine-tuning in the cluster stage), the others stay int8.
 */
import type * as TF from '@tensorflow/tfjs';
import type { Dataset } from './dataset';
import { evaluateAccuracy } from './evaluate';
import { assignValues, int4Kernels } from './shareWeights';

/** One kernel's measurement. */
export interface PrecisionRow {
  /** Kernel weight name (`fc1/kernel`). */
  weight: string;
  /** Accuracy with this kernel alone on the int4 grid, and the drop from the baseline (positive = worse). */
  accuracy: number;
  drop: number;
  /** Whether it became int4 (drop ≤ the budget). */
  int4: boolean;
}

/**
 * Measures each candidate kernel on the int4 grid alone and chooses the ones within `maxDrop`.
 * @param tf the training TF.js
 * @param model the model (its kernels are restored after each measurement)
 * @param vars the model's variables by weight name
 * @param candidates kernel weight names to consider
 * @param data samples to measure on (training samples: the test set stays for the final figures)
 * @param maxDrop accuracy budget per layer (a fraction, e.g. 0.005 = half a point)
 */
export function chooseInt4Layers(tf: typeof TF, model: TF.LayersModel, vars: Map<string, TF.Variable>, candidates: string[], data: Dataset, maxDrop: number): { baseline: number; rows: PrecisionRow[] } {
  const baseline = evaluateAccuracy(tf, model, data);
  const rows = candidates.map((weight) => {
    const v = vars.get(weight)!;
    const saved = (v.dataSync() as Float32Array).slice();
    int4Kernels(tf, vars, [weight]);
    const accuracy = evaluateAccuracy(tf, model, data);
    assignValues(tf, v, saved);
    const drop = baseline - accuracy;
    return { weight, accuracy, drop, int4: drop <= maxDrop };
  });
  return { baseline, rows };
}
