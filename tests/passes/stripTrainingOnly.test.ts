import { addOp } from '../../src/ir/graph';
import { stripTrainingOnly } from '../../src/passes';
import { count, dense, graph, kinds, runPass } from './helpers';

describe('stripTrainingOnly', () => {
  it('removes an identity between two ops and rewires the reader', () => {
    const { g, xs } = graph('dropout', [12]);
    const h = dense(g, xs[0], 8);
    const d = addOp(g, 'identity', 'dropout', [h], { layerClass: 'Dropout' });
    const y = dense(g, d, 4);
    g.outputs = [y.id];
    const after = runPass(stripTrainingOnly, g);
    expect(kinds(after)).toEqual(['dense', 'dense']);
    expect(after.ops[1].inputs[0]).toBe(h.id);
    expect(after.tensors.has(d.id)).toBe(false);
  });

  it('removes identities that are graph outputs, chained, or read the graph input', () => {
    const { g, xs } = graph('chain', [6]);
    const n0 = addOp(g, 'identity', 'noise', [xs[0]], { layerClass: 'GaussianNoise' });
    const h = dense(g, n0, 5);
    const a = addOp(g, 'identity', 'a', [h], { layerClass: 'Dropout' });
    const b = addOp(g, 'identity', 'b', [a], { layerClass: 'AlphaDropout' });
    const y = dense(g, b, 3);
    const out = addOp(g, 'identity', 'tail', [y], { layerClass: 'ActivityRegularization' });
    g.outputs = [out.id, b.id];
    const after = runPass(stripTrainingOnly, g);
    expect(count(after, 'identity')).toBe(0);
    expect(kinds(after)).toEqual(['dense', 'dense']);
    expect(after.ops[0].inputs[0]).toBe(xs[0].id);
    expect(after.outputs).toEqual([y.id, h.id]);
  });

  it('leaves a graph without identities alone', () => {
    const { g, xs } = graph('none', [6]);
    const y = addOp(g, 'activation', 'lin', [dense(g, xs[0], 4)], { fn: 'linear', params: {} });
    g.outputs = [y.id];
    const after = runPass(stripTrainingOnly, g);
    expect(kinds(after)).toEqual(['dense', 'activation']);
  });
});
