/**
 * Input-feature pruning: on a synthetic tabular model whose last features have zero weights, those features
 * rank least important and dropping them leaves the outputs unchanged.
 */
import { accuracy, dropInputFeatures, floatPredictor, permutationImportance, pruneInputFeatures, rankFeatures, selectFeatures } from '../../src/compress/features';
import { addOp, tensor } from '../../src/ir/graph';
import { Graph } from '../../src/ir/types';
import { runFloat } from '../../src/reference/runFloat';
import { conv, dense, graph } from '../passes/helpers';
import { uniformArray } from '../helpers/rng';

const F = 8;

/** dense 8→12 ReLU → dense 3; features 6 and 7 have zero weights. Labels are the model's own predictions. */
function tabular(): { g: Graph; rows: Float32Array[]; labels: number[] } {
  const { g, xs } = graph('tabular', [F]);
  const h = addOp(g, 'activation', 'relu', [dense(g, xs[0], 12)], { fn: 'relu', params: {} });
  g.outputs = [dense(g, h, 3).id];
  const w = tensor(g, g.ops[0].inputs[1]).data as Float32Array;
  for (let i = 0; i < w.length; i++) if (i % F >= 6) w[i] = 0;
  const rows = [...Array(300).keys()].map((i) => uniformArray(F, 500 + i, -2, 2));
  const labels = Array.from(floatPredictor(g)(rows));
  return { g, rows, labels };
}

describe('input-feature pruning', () => {
  it('ranks zero-weighted features last and drops them without changing the outputs', () => {
    const { g, rows, labels } = tabular();
    const imp = permutationImportance(g, rows, labels, { seed: 3 });
    expect(imp.baseline).toBe(1);
    expect([imp.drop[6], imp.drop[7]]).toEqual([0, 0]);
    for (let j = 0; j < 6; j++) expect(imp.drop[j]).toBeGreaterThan(0);
    expect(rankFeatures(imp.drop).slice(0, 2)).toEqual([6, 7]);
    expect(permutationImportance(g, rows, labels, { seed: 3 })).toEqual(imp); // seeded

    const { graph: p, dropped } = pruneInputFeatures(g, rows, labels, 2, { seed: 3 });
    expect(dropped).toEqual([6, 7]);
    expect(tensor(p, p.inputs[0]).shape).toEqual([6]);
    expect(tensor(p, p.ops[0].inputs[1]).shape).toEqual([12, 6]);
    const small = selectFeatures(rows, dropped);
    for (let i = 0; i < 20; i++) expect(Array.from(runFloat(p, [small[i]])[0])).toEqual(Array.from(runFloat(g, [rows[i]])[0]));
    expect(accuracy(floatPredictor(p), small, labels)).toBe(1);
  });

  it('dropping an important feature costs accuracy', () => {
    const { g, rows, labels } = tabular();
    const imp = permutationImportance(g, rows, labels);
    const top = rankFeatures(imp.drop)[F - 1];
    const p = dropInputFeatures(g, [top]);
    expect(accuracy(floatPredictor(p), selectFeatures(rows, [top]), labels)).toBeLessThan(1);
  });

  it('refuses models whose input is not a feature vector read by dense layers', () => {
    const { g } = graph('img', [4, 4, 1]);
    g.outputs = [conv(g, tensor(g, g.inputs[0]), 2, 3).id];
    expect(() => dropInputFeatures(g, [0])).toThrow(/needs a vector of features/);
    const t = tabular().g;
    expect(() => dropInputFeatures(t, [...Array(F).keys()])).toThrow(/leaves none/);
    expect(() => dropInputFeatures(t, [F])).toThrow(/not in \[0, 8\)/);
    const { g: s, xs } = graph('soft', [F]);
    s.outputs = [addOp(s, 'softmax', 'sm', [xs[0]], { axis: -1 }).id];
    expect(() => dropInputFeatures(s, [0])).toThrow(/only dense layers/);
  });
});
