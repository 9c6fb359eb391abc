/**
 * Per-layer pruning sensitivity (as in Han et al. 2015, "Learning both Weights and Connections", Fig. 5):
 * prune one weight tensor at a time by magnitude to each of several sparsities, without retraining, and
 * measure accuracy; then pick per-layer sparsities that keep each layer's accuracy drop within a budget.
 */
import type * as TF from '@tensorflow/tfjs';
import type { Dataset } from './dataset';
import { evaluateAccuracy } from './evaluate';
import { magnitudeMask, prunableWeights } from './magnitude';
import { trainableVariables } from './masks';

/** One measurement: weight `weight` pruned alone to `sparsity`. */
export interface SensitivityRow {
  weight: string;
  /** Elements of the weight tensor. */
  size: number;
  sparsity: number;
  accuracy: number;
  /** Baseline accuracy minus `accuracy` (positive = worse). */
  drop: number;
}

/** Result of {@link sensitivityAnalysis}. */
export interface SensitivityTable {
  baselineAccuracy: number;
  sparsities: number[];
  rows: SensitivityRow[];
}

/** Default sparsities probed. */
export const DEFAULT_SENSITIVITY_SPARSITIES = [0.5, 0.7, 0.8, 0.9, 0.95, 0.98];

/**
 * Measures accuracy on `data` with each prunable weight (or each of `weights`) pruned alone to each of
 * `sparsities`. The model is restored afterwards. Rows are ordered by weight, then sparsity.
 */
export function sensitivityAnalysis(
  tf: typeof TF,
  model: TF.LayersModel,
  data: Dataset,
  options: { sparsities?: number[]; weights?: string[] } = {},
): SensitivityTable {
  const sparsities = [...(options.sparsities ?? DEFAULT_SENSITIVITY_SPARSITIES)].sort((a, b) => a - b);
  const vars = trainableVariables(model);
  const baselineAccuracy = evaluateAccuracy(tf, model, data);
  const rows: SensitivityRow[] = [];
  for (const weight of options.weights ?? prunableWeights(model)) {
    const v = vars.get(weight)!;
    const original = Float32Array.from(v.dataSync() as Float32Array);
    try {
      for (const sparsity of sparsities) {
        const m = magnitudeMask(original, sparsity);
        v.assign(tf.tensor(original.map((x, i) => x * m[i]), v.shape));
        const accuracy = evaluateAccuracy(tf, model, data);
        rows.push({ weight, size: original.length, sparsity, accuracy, drop: baselineAccuracy - accuracy });
      }
    } finally {
      v.assign(tf.tensor(original, v.shape));
    }
  }
  return { baselineAccuracy, sparsities, rows };
}

/**
 * Per weight, the largest probed sparsity such that it and every smaller probed sparsity drop accuracy by at
 * most `maxDrop` (a fraction, e.g. 0.003 for 0.3 points); 0 when even the smallest exceeds it.
 */
export function chooseSparsities(table: SensitivityTable, maxDrop: number): Record<string, number> {
  const out: Record<string, number> = {};
  for (const row of table.rows) {
    if (!(row.weight in out)) out[row.weight] = 0;
    const prev = table.rows.filter((r) => r.weight === row.weight && r.sparsity < row.sparsity);
    if (row.drop <= maxDrop && prev.every((r) => r.drop <= maxDrop)) out[row.weight] = Math.max(out[row.weight], row.sparsity);
  }
  return out;
}

/** The table as text: one line per weight, accuracy (%) per sparsity. */
export function formatSensitivityTable(table: SensitivityTable): string {
  const weights = [...new Set(table.rows.map((r) => r.weight))];
  const w = Math.max(6, ...weights.map((n) => n.length));
  const head = `${'weight'.padEnd(w)}  ${'size'.padStart(8)}  ${table.sparsities.map((s) => `${(s * 100).toFixed(0)}%`.padStart(7)).join('')}`;
  const lines = weights.map((name) => {
    const rs = table.rows.filter((r) => r.weight === name);
    return `${name.padEnd(w)}  ${String(rs[0].size).padStart(8)}  ${rs.map((r) => (r.accuracy * 100).toFixed(2).padStart(7)).join('')}`;
  });
  return [`baseline accuracy ${(table.baselineAccuracy * 100).toFixed(2)}%`, head, ...lines].join('\n');
}
