import { addOp } from '../../src/ir/graph';
import { dropIdentityReshape } from '../../src/passes';
import { conv, count, dense, graph, kinds, runPass } from './helpers';

describe('dropIdentityReshape', () => {
  it('drops a reshape to the same shape', () => {
    const { g, xs } = graph('same', [4, 6]);
    const h = dense(g, xs[0], 6);
    const r = addOp(g, 'reshape', 'noop', [h], {}, [4, 6]);
    const y = dense(g, r, 3);
    g.outputs = [y.id];
    const after = runPass(dropIdentityReshape, g);
    expect(kinds(after)).toEqual(['dense', 'dense']);
    expect(after.ops[1].inputs[0]).toBe(h.id);
  });

  it('collapses a chain of reshapes that ends where it started', () => {
    const { g, xs } = graph('chain', [24]);
    const h = dense(g, xs[0], 24);
    const r1 = addOp(g, 'reshape', 'r1', [h], {}, [4, 6]);
    const r2 = addOp(g, 'reshape', 'r2', [r1], {}, [2, 12]);
    const r3 = addOp(g, 'reshape', 'r3', [r2], {}, [24]);
    const y = dense(g, r3, 5);
    g.outputs = [y.id];
    const after = runPass(dropIdentityReshape, g);
    expect(kinds(after)).toEqual(['dense', 'dense']);
  });

  it('collapses a chain into one reshape when the shape does change', () => {
    const { g, xs } = graph('chain2', [24]);
    const h = dense(g, xs[0], 24);
    const r1 = addOp(g, 'reshape', 'r1', [h], {}, [4, 6]);
    const r2 = addOp(g, 'reshape', 'r2', [r1], {}, [2, 2, 6]);
    const y = conv(g, r2, 3, 1);
    g.outputs = [y.id];
    const after = runPass(dropIdentityReshape, g);
    expect(kinds(after)).toEqual(['dense', 'reshape', 'conv2d']);
    expect(after.ops[1].inputs[0]).toBe(h.id);
    expect(after.tensors.get(after.ops[1].outputs[0])?.shape).toEqual([2, 2, 6]);
  });

  it('removes the as_1d / as_2d views between back-to-back Conv1D layers', () => {
    const { g, xs } = graph('conv1d', [1, 10, 3]);
    const c1 = conv(g, xs[0], 4, 1);
    const as1d = addOp(g, 'reshape', 'as_1d', [c1], {}, [10, 4]);
    const as2d = addOp(g, 'reshape', 'as_2d', [as1d], {}, [1, 10, 4]);
    const c2 = conv(g, as2d, 2, 1);
    g.outputs = [c2.id];
    const after = runPass(dropIdentityReshape, g);
    expect(kinds(after)).toEqual(['conv2d', 'conv2d']);
    expect(after.ops[1].inputs[0]).toBe(c1.id);
  });

  it('keeps a reshape that changes the shape', () => {
    const { g, xs } = graph('flatten', [2, 3, 4]);
    const c = conv(g, xs[0], 4, 1);
    const r = addOp(g, 'reshape', 'flatten', [c], {}, [24]);
    const y = dense(g, r, 3);
    g.outputs = [y.id];
    const after = runPass(dropIdentityReshape, g);
    expect(kinds(after)).toEqual(['conv2d', 'reshape', 'dense']);
  });

  it('keeps an intermediate reshape that is read elsewhere, and a graph-input-to-output identity reshape', () => {
    const { g, xs } = graph('shared', [24]);
    const h = dense(g, xs[0], 24);
    const r1 = addOp(g, 'reshape', 'r1', [h], {}, [4, 6]);
    const r2 = addOp(g, 'reshape', 'r2', [r1], {}, [24]);
    const side = dense(g, r1, 2);
    const y = dense(g, r2, 3);
    g.outputs = [y.id, side.id];
    const after = runPass(dropIdentityReshape, g);
    expect(count(after, 'reshape')).toBe(1);
    expect(after.tensors.get(after.ops.find((o) => o.kind === 'reshape')!.outputs[0])?.shape).toEqual([4, 6]);

    const solo = graph('passthrough', [3, 4]);
    const r = addOp(solo.g, 'reshape', 'same', [solo.xs[0]], {}, [3, 4]);
    solo.g.outputs = [r.id];
    expect(kinds(runPass(dropIdentityReshape, solo.g))).toEqual(['reshape']);
  });
});
