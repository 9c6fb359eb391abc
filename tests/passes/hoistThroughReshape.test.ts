import { addOp } from '../../src/ir/graph';
import { optimize } from '../../src/passes';
import { hoistThroughReshape } from '../../src/passes';
import { affine, conv, count, graph, kinds, runPass } from './helpers';

describe('hoistThroughReshape', () => {
  it('moves BN (last axis) and an activation before a reshape that keeps the channel axis', () => {
    const { g, xs } = graph('hoist', [1, 10, 3]);
    const y = conv(g, xs[0], 4, 1);
    const r = addOp(g, 'reshape', 'as_1d', [y], {}, [10, 4]);
    const b = affine(g, r, -1);
    const a = addOp(g, 'activation', 'relu', [b], { fn: 'relu', params: {} });
    g.outputs = [a.id];
    const after = runPass(hoistThroughReshape, g);
    expect(kinds(after)).toEqual(['conv2d', 'affine', 'activation', 'reshape']);
    expect(after.outputs).toEqual([a.id]);
    // With the full pipeline the BN folds and the ReLU fuses: one conv and one (free) reshape remain.
    const opt = optimize(g);
    expect(kinds(opt)).toEqual(['conv2d', 'reshape']);
    expect(count(opt, 'affine')).toBe(0);
  });

  it('leaves a reshape alone when it changes the last axis or its output has other readers', () => {
    const { g, xs } = graph('nohoist', [4, 6]);
    const r = addOp(g, 'reshape', 'flat', [xs[0]], {}, [24]);
    const b = affine(g, r, -1);
    const r2 = addOp(g, 'reshape', 'same_last', [xs[0]], {}, [2, 2, 6]);
    const a = addOp(g, 'activation', 'tanh', [r2], { fn: 'tanh', params: {} });
    g.outputs = [b.id, a.id, r2.id];
    const after = runPass(hoistThroughReshape, g);
    expect(kinds(after)).toEqual(['reshape', 'affine', 'reshape', 'activation']);
  });
});
