import { addOp } from '../../src/ir/graph';
import { ActivationFn, ActivationParams, FusedClamp, NO_CLAMP, Tensor } from '../../src/ir/types';
import { fuseActivation } from '../../src/passes';
import { affine, conv, count, dense, depthwise, graph, kinds, runPass } from './helpers';
import { Graph } from '../../src/ir/types';

function act(g: Graph, x: Tensor, fn: ActivationFn, params: ActivationParams = {}): Tensor {
  return addOp(g, 'activation', fn, [x], { fn, params });
}

function clampOf(g: Graph, i: number): FusedClamp | undefined {
  const op = g.ops[i];
  return 'clamp' in op.attrs ? op.attrs.clamp : undefined;
}

describe('fuseActivation: fuses', () => {
  it('relu / relu6 / relu_ex(max_value) into conv, depthwise, dense, affine and binary', () => {
    const { g, xs } = graph('fuse', [6, 6, 2], [9]);
    const a = act(g, conv(g, xs[0], 3, 3), 'relu');
    const b = act(g, depthwise(g, xs[0], 3, 1), 'relu6');
    const c = act(g, dense(g, xs[1], 4), 'relu_ex', { maxValue: 2.5, threshold: 0, negativeSlope: 0 });
    const d = act(g, affine(g, xs[0]), 'relu6');
    const s = addOp(g, 'binary', 'add', [conv(g, xs[0], 2, 1), conv(g, xs[0], 2, 1)], { fn: 'add', clamp: NO_CLAMP });
    const e = act(g, s, 'relu');
    g.outputs = [a.id, b.id, c.id, d.id, e.id];
    const after = runPass(fuseActivation, g);
    expect(count(after, 'activation')).toBe(0);
    expect(kinds(after)).toEqual(['conv2d', 'depthwise_conv2d', 'dense', 'affine', 'conv2d', 'conv2d', 'binary']);
    expect([0, 1, 2, 3, 6].map((i) => clampOf(after, i))).toEqual([
      { min: 0, max: Infinity },
      { min: 0, max: 6 },
      { min: 0, max: 2.5 },
      { min: 0, max: 6 },
      { min: 0, max: Infinity },
    ]);
    expect(after.ops[0].outputs).toEqual([a.id]);
  });
});

describe('fuseActivation: does not fuse', () => {
  it('activations that are not a clamp (leaky, relu_ex with slope or threshold, sigmoid, elu)', () => {
    const { g, xs } = graph('not_clamps', [8]);
    const outs = [
      act(g, dense(g, xs[0], 3), 'leaky_relu', { alpha: 0.2 }),
      act(g, dense(g, xs[0], 3), 'relu_ex', { maxValue: 6, threshold: 0, negativeSlope: 0.1 }),
      act(g, dense(g, xs[0], 3), 'relu_ex', { maxValue: Infinity, threshold: 0.5, negativeSlope: 0 }),
      act(g, dense(g, xs[0], 3), 'sigmoid'),
      act(g, dense(g, xs[0], 3), 'elu', { alpha: 0.5 }),
    ];
    g.outputs = outs.map((t) => t.id);
    expect(count(runPass(fuseActivation, g), 'activation')).toBe(5);
  });

  it('after an op that already has a clamp', () => {
    const { g, xs } = graph('clamped', [5, 5, 2]);
    const a = act(g, conv(g, xs[0], 3, 3, { clamp: { min: 0, max: 6 } }), 'relu');
    const b = act(g, conv(g, xs[0], 3, 3, { clamp: { min: 0, max: Infinity } }), 'relu6');
    g.outputs = [a.id, b.id];
    const after = runPass(fuseActivation, g);
    expect(kinds(after)).toEqual(['conv2d', 'activation', 'conv2d', 'activation']);
    expect([0, 2].map((i) => clampOf(after, i))).toEqual([{ min: 0, max: 6 }, { min: 0, max: Infinity }]);
  });

  it('when the producer output is read elsewhere or is a graph output', () => {
    const { g, xs } = graph('shared', [7]);
    const h = dense(g, xs[0], 4);
    const r = act(g, h, 'relu');
    const other = dense(g, h, 2);
    const h2 = dense(g, xs[0], 3);
    const r2 = act(g, h2, 'relu6');
    g.outputs = [r.id, other.id, r2.id, h2.id];
    const after = runPass(fuseActivation, g);
    expect(count(after, 'activation')).toBe(2);
    expect(after.ops.every((o) => !('clamp' in o.attrs) || o.attrs.clamp.min === -Infinity)).toBe(true);
  });

  it('after ops without a fused clamp (pool, concat, reshape, graph input)', () => {
    const { g, xs } = graph('unfusible', [4, 4, 2]);
    const p = addOp(g, 'pool2d', 'pool', [xs[0]], { type: 'avg', pool: [2, 2], strides: [2, 2], pad: { top: 0, left: 0, bottom: 0, right: 0 } });
    const a = act(g, p, 'relu');
    const c = act(g, addOp(g, 'concat', 'cat', [xs[0], xs[0]], { axis: -1 }), 'relu6');
    const r = act(g, addOp(g, 'reshape', 'flat', [xs[0]], {}, [32]), 'relu');
    const i = act(g, xs[0], 'relu');
    g.outputs = [a.id, c.id, r.id, i.id];
    expect(count(runPass(fuseActivation, g), 'activation')).toBe(4);
  });

  it('a second clamp after one that was just fused (results stay right)', () => {
    const { g, xs } = graph('double', [6]);
    const y = act(g, act(g, dense(g, xs[0], 5), 'relu'), 'relu6');
    g.outputs = [y.id];
    const after = runPass(fuseActivation, g);
    expect(kinds(after)).toEqual(['dense', 'activation']);
    expect(clampOf(after, 0)).toEqual({ min: 0, max: Infinity });
  });
});
