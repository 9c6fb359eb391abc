import { addOp } from '../../src/ir/graph';
import { foldBatchNorm } from '../../src/passes';
import { affine, conv, count, dense, depthwise, graph, kinds, opOf, runPass } from './helpers';

const SAME = { top: 1, left: 1, bottom: 1, right: 1 };

describe('foldBatchNorm: folds', () => {
  it('a channel affine into the conv2d before it (new weights and bias, original constants untouched)', () => {
    const { g, xs } = graph('conv_bn', [6, 5, 3]);
    const c = conv(g, xs[0], 4, 3, { pad: SAME });
    const w = g.tensors.get(g.ops[0].inputs[1])!;
    const wBefore = Float32Array.from(w.data as Float32Array);
    const y = affine(g, c, -1);
    g.outputs = [y.id];
    const after = runPass(foldBatchNorm, g);
    expect(kinds(after)).toEqual(['conv2d']);
    const op = opOf(after, 'conv2d');
    expect(op.outputs).toEqual([y.id]);
    expect(op.inputs).toHaveLength(3);
    expect(op.inputs[1]).not.toBe(w.id);
    expect(Array.from(w.data as Float32Array)).toEqual(Array.from(wBefore));
  });

  it('into a conv2d without bias (a bias is created), with the axis given as a positive index', () => {
    const { g, xs } = graph('conv_nobias_bn', [5, 5, 2]);
    const c = conv(g, xs[0], 3, 3, { bias: false, strides: [2, 2] });
    const y = affine(g, c, 2);
    g.outputs = [y.id];
    const after = runPass(foldBatchNorm, g);
    expect(kinds(after)).toEqual(['conv2d']);
    expect(after.tensors.get(opOf(after, 'conv2d').inputs[2])?.shape).toEqual([3]);
  });

  it('into a depthwise conv with depth multiplier 2', () => {
    const { g, xs } = graph('dw_bn', [6, 6, 3]);
    const d = depthwise(g, xs[0], 3, 2, { pad: SAME });
    const y = affine(g, d);
    g.outputs = [y.id];
    expect(kinds(runPass(foldBatchNorm, g))).toEqual(['depthwise_conv2d']);
  });

  it('into dense layers over a vector and over rows of a matrix', () => {
    const { g, xs } = graph('dense_bn', [10], [4, 6]);
    const a = affine(g, dense(g, xs[0], 7));
    const b = affine(g, dense(g, xs[1], 5, { bias: false }), 1);
    g.outputs = [a.id, b.id];
    const after = runPass(foldBatchNorm, g);
    expect(kinds(after)).toEqual(['dense', 'dense']);
  });

  it('each of two convs that share one weight tensor, independently', () => {
    const { g, xs } = graph('shared_w', [5, 5, 2]);
    const c1 = conv(g, xs[0], 3, 3);
    const w = g.tensors.get(g.ops[0].inputs[1])!;
    const c2 = conv(g, xs[0], 3, 3, { w });
    const y1 = affine(g, c1);
    g.outputs = [y1.id, c2.id];
    const after = runPass(foldBatchNorm, g);
    expect(kinds(after)).toEqual(['conv2d', 'conv2d']);
    expect(after.ops[1].inputs[1]).toBe(w.id);
    expect(after.ops[0].inputs[1]).not.toBe(w.id);
  });
});

describe('foldBatchNorm: does not fold', () => {
  it('when the conv output is also read by another op', () => {
    const { g, xs } = graph('two_readers', [5, 5, 2]);
    const c = conv(g, xs[0], 3, 3, { pad: SAME });
    const y = affine(g, c);
    const z = addOp(g, 'binary', 'add', [y, c], { fn: 'add', clamp: { min: -Infinity, max: Infinity } });
    g.outputs = [z.id];
    const after = runPass(foldBatchNorm, g);
    expect(kinds(after)).toEqual(['conv2d', 'affine', 'binary']);
  });

  it('when the conv output is a graph output', () => {
    const { g, xs } = graph('graph_output', [5, 5, 2]);
    const c = conv(g, xs[0], 3, 3);
    const y = affine(g, c);
    g.outputs = [y.id, c.id];
    expect(kinds(runPass(foldBatchNorm, g))).toEqual(['conv2d', 'affine']);
  });

  it('when the affine acts on a non-channel axis', () => {
    const { g, xs } = graph('row_axis', [4, 6], [5, 5, 2]);
    const a = affine(g, dense(g, xs[0], 5), 0);
    const b = affine(g, conv(g, xs[1], 3, 3), 1);
    const c = affine(g, conv(g, xs[1], 3, 3), -3);
    g.outputs = [a.id, b.id, c.id];
    const after = runPass(foldBatchNorm, g);
    expect(count(after, 'affine')).toBe(3);
  });

  it('when the producer already has a fused clamp, or the affine has one', () => {
    const { g, xs } = graph('clamped', [5, 5, 2]);
    const a = affine(g, conv(g, xs[0], 3, 3, { clamp: { min: 0, max: 6 } }));
    const b = affine(g, conv(g, xs[0], 3, 3), -1, { min: 0, max: Infinity });
    g.outputs = [a.id, b.id];
    expect(count(runPass(foldBatchNorm, g), 'affine')).toBe(2);
  });

  it('when the producer is not a conv / depthwise / dense (pool, graph input, another affine)', () => {
    const { g, xs } = graph('others', [6, 6, 2]);
    const p = addOp(g, 'pool2d', 'pool', [xs[0]], { type: 'max', pool: [2, 2], strides: [2, 2], pad: { top: 0, left: 0, bottom: 0, right: 0 } });
    const a = affine(g, p);
    const b = affine(g, xs[0]);
    const c = affine(g, affine(g, conv(g, xs[0], 2, 1)));
    g.outputs = [a.id, b.id, c.id];
    const after = runPass(foldBatchNorm, g);
    expect(kinds(after)).toEqual(['pool2d', 'affine', 'affine', 'conv2d', 'affine']);
  });
});
