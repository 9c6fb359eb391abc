/**
 * Input-feature pruning for dense/tabular models: permutation importance (Breiman, "Random Forests", 2001,
 * §10; scikit-learn's permutation_importance) — the accuracy lost when one feature's column is shuffled across
 * the data set — then removal of the least important features from the model's input and from the first
 * dense layer(s), so the device neither stores their weights nor needs the sensor readings.
 */
import { TinyfitError } from '../errors';
import { cloneGraph, consumers, pruneTensors, tensor, validateGraph } from '../ir/graph';
import { Graph } from '../ir/types';
import { runFloat } from '../reference/runFloat';
import { mulberry32 } from '../util/rng';
import { complement, sliceConstInput } from './slice';

/** Predicted classes of a batch of rows (lets a caller run the model elsewhere, e.g. batched in TF.js). */
export type Predictor = (rows: readonly Float32Array[]) => ArrayLike<number>;

/**
 * The float reference as a predictor: argmax of the first output, or — for a single-output (sigmoid) model —
 * class 1 when the output is ≥ 0.5.
 */
export function floatPredictor(g: Graph): Predictor {
  return (rows) =>
    rows.map((x) => {
      const y = runFloat(g, [x])[0];
      if (y.length === 1) return y[0] >= 0.5 ? 1 : 0;
      let best = 0;
      for (let i = 1; i < y.length; i++) if (y[i] > y[best]) best = i;
      return best;
    });
}

/** Fraction of rows whose predicted class equals the label. */
export function accuracy(predict: Predictor, rows: readonly Float32Array[], labels: ArrayLike<number>): number {
  if (rows.length === 0 || rows.length !== labels.length) throw new TinyfitError(`accuracy needs one label per row (${rows.length} rows, ${labels.length} labels)`);
  const p = predict(rows);
  let ok = 0;
  for (let i = 0; i < rows.length; i++) if (p[i] === labels[i]) ok++;
  return ok / rows.length;
}

/** Options of {@link permutationImportance}. */
export interface ImportanceOptions {
  /** Seed of the permutations (default 1). */
  seed?: number;
  /** Permutations per feature, averaged (default 3). */
  repeats?: number;
  /** Predictor (default: the float reference of the graph). */
  predict?: Predictor;
}

/** Result of {@link permutationImportance}. */
export interface FeatureImportance {
  /** Accuracy on the unpermuted rows. */
  baseline: number;
  /** Per feature: baseline − mean accuracy with that feature's column permuted (higher = more important). */
  drop: Float64Array;
}

/** Number of features of a tabular model: the length of its single rank-1 input. */
function featureCount(g: Graph): number {
  if (g.inputs.length !== 1) throw new TinyfitError(`model '${g.name}' has ${g.inputs.length} inputs; feature pruning needs a single input`);
  const s = tensor(g, g.inputs[0]).shape;
  if (s.length !== 1) throw new TinyfitError(`model '${g.name}' input has shape [${s}]; feature pruning needs a vector of features`);
  return s[0];
}

/**
 * Permutation importance of each input feature: for each feature, its column is shuffled across `rows`
 * (seeded Fisher–Yates, `repeats` times) and the accuracy drop recorded.
 * @param rows one Float32Array of features per example
 * @param labels the class of each row
 */
export function permutationImportance(g: Graph, rows: readonly Float32Array[], labels: ArrayLike<number>, opts: ImportanceOptions = {}): FeatureImportance {
  const f = featureCount(g);
  for (const r of rows) if (r.length !== f) throw new TinyfitError(`every row needs ${f} features, got ${r.length}`);
  const predict = opts.predict ?? floatPredictor(g);
  const repeats = opts.repeats ?? 3;
  const rng = mulberry32(opts.seed ?? 1);
  const baseline = accuracy(predict, rows, labels);
  const drop = new Float64Array(f);
  const shuffled = rows.map((r) => Float32Array.from(r));
  const perm = [...rows.keys()];
  for (let j = 0; j < f; j++) {
    let sum = 0;
    for (let rep = 0; rep < repeats; rep++) {
      for (let i = perm.length - 1; i > 0; i--) {
        const k = Math.floor(rng() * (i + 1));
        [perm[i], perm[k]] = [perm[k], perm[i]];
      }
      shuffled.forEach((r, i) => (r[j] = rows[perm[i]][j]));
      sum += accuracy(predict, shuffled, labels);
    }
    shuffled.forEach((r, i) => (r[j] = rows[i][j]));
    drop[j] = baseline - sum / repeats;
  }
  return { baseline, drop };
}

/** Feature indices from least to most important (ties: lower index first). */
export function rankFeatures(drop: ArrayLike<number>): number[] {
  return [...Array(drop.length).keys()].sort((a, b) => drop[a] - drop[b] || a - b);
}

/**
 * Removes input features from a tabular model: the input shrinks to the kept features (in their original
 * order) and every dense layer reading the input loses the matching weight columns.
 * @throws TinyfitError when the input is read by anything but dense layers, or is a model output
 */
export function dropInputFeatures(g: Graph, features: readonly number[]): Graph {
  const f = featureCount(g);
  for (const j of features) if (!Number.isInteger(j) || j < 0 || j >= f) throw new TinyfitError(`feature ${j} is not in [0, ${f})`);
  const keep = complement(f, new Set(features));
  if (keep.length === 0) throw new TinyfitError(`dropping ${features.length} of ${f} features leaves none`);
  const out = cloneGraph(g);
  const x = tensor(out, out.inputs[0]);
  if (out.outputs.includes(x.id)) throw new TinyfitError(`input '${x.name}' is also a model output`);
  for (const op of consumers(out).get(x.id) ?? []) {
    if (op.kind !== 'dense' || op.inputs.indexOf(x.id) !== 0 || op.inputs.lastIndexOf(x.id) !== 0) {
      throw new TinyfitError(`input '${x.name}' is read by '${op.name}' (${op.kind}); only dense layers can drop input features`);
    }
    sliceConstInput(out, op, 1, 1, keep);
  }
  x.shape = [keep.length];
  pruneTensors(out);
  validateGraph(out);
  return out;
}

/** The kept columns of each row, for running a model returned by {@link dropInputFeatures}. */
export function selectFeatures(rows: readonly Float32Array[], dropped: readonly number[]): Float32Array[] {
  const gone = new Set(dropped);
  return rows.map((r) => r.filter((_, j) => !gone.has(j)));
}

/**
 * Permutation importance, then removal of the `k` least important features.
 * @returns the smaller model, the dropped feature indices (ascending) and the importance figures
 */
export function pruneInputFeatures(
  g: Graph,
  rows: readonly Float32Array[],
  labels: ArrayLike<number>,
  k: number,
  opts: ImportanceOptions = {},
): { graph: Graph; dropped: number[]; importance: FeatureImportance } {
  const importance = permutationImportance(g, rows, labels, opts);
  if (!Number.isInteger(k) || k < 0 || k >= importance.drop.length) throw new TinyfitError(`cannot drop ${k} of ${importance.drop.length} features`);
  const dropped = rankFeatures(importance.drop).slice(0, k).sort((a, b) => a - b);
  return { graph: dropInputFeatures(g, dropped), dropped, importance };
}
