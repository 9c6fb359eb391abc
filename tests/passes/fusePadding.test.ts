import { addOp } from '../../src/ir/graph';
import { Pad2D } from '../../src/ir/types';
import { fusePadding } from '../../src/passes';
import { conv, depthwise, graph, kinds, NO_PAD, opOf, runPass } from './helpers';

const ZP: Pad2D = { top: 1, left: 2, bottom: 0, right: 3 };

describe('fusePadding: fuses', () => {
  it('a ZeroPadding2D into the conv after it (pad grows by the padding amounts)', () => {
    const { g, xs } = graph('pad_conv', [7, 6, 2]);
    const p = addOp(g, 'pad', 'zeropad', [xs[0]], { pad: ZP });
    const y = conv(g, p, 3, 3, { pad: { top: 1, left: 1, bottom: 1, right: 1 }, strides: [2, 2] });
    g.outputs = [y.id];
    const after = runPass(fusePadding, g);
    expect(kinds(after)).toEqual(['conv2d']);
    const op = opOf(after, 'conv2d');
    expect(op.attrs.pad).toEqual({ top: 2, left: 3, bottom: 1, right: 4 });
    expect(op.inputs[0]).toBe(xs[0].id);
    expect(after.tensors.get(op.outputs[0])?.shape).toEqual(g.tensors.get(y.id)?.shape);
  });

  it('into a valid, dilated depthwise conv (the MobileNet stride-2 pattern and a dilated one)', () => {
    const { g, xs } = graph('pad_dw', [8, 8, 3]);
    const p1 = addOp(g, 'pad', 'pad1', [xs[0]], { pad: { top: 0, left: 0, bottom: 1, right: 1 } });
    const d1 = depthwise(g, p1, 3, 1, { strides: [2, 2] });
    const p2 = addOp(g, 'pad', 'pad2', [d1], { pad: { top: 2, left: 2, bottom: 2, right: 2 } });
    const d2 = depthwise(g, p2, 3, 2, { dilations: [2, 2] });
    g.outputs = [d2.id];
    const after = runPass(fusePadding, g);
    expect(kinds(after)).toEqual(['depthwise_conv2d', 'depthwise_conv2d']);
    expect(after.ops.map((o) => (o.kind === 'depthwise_conv2d' ? o.attrs.pad : undefined))).toEqual([
      { top: 0, left: 0, bottom: 1, right: 1 },
      { top: 2, left: 2, bottom: 2, right: 2 },
    ]);
  });
});

describe('fusePadding: does not fuse', () => {
  it('into max or average pooling (padded cells are ignored there, not zeros)', () => {
    const { g, xs } = graph('pad_pool', [6, 6, 2]);
    const p = addOp(g, 'pad', 'zeropad', [xs[0]], { pad: ZP });
    const m = addOp(g, 'pool2d', 'maxpool', [p], { type: 'max', pool: [2, 2], strides: [2, 2], pad: NO_PAD });
    const p2 = addOp(g, 'pad', 'zeropad2', [xs[0]], { pad: ZP });
    const a = addOp(g, 'pool2d', 'avgpool', [p2], { type: 'avg', pool: [3, 3], strides: [1, 1], pad: NO_PAD });
    g.outputs = [m.id, a.id];
    expect(kinds(runPass(fusePadding, g))).toEqual(['pad', 'pool2d', 'pad', 'pool2d']);
  });

  it('when the padded tensor is read by two ops or is a graph output', () => {
    const { g, xs } = graph('pad_shared', [5, 5, 2]);
    const p = addOp(g, 'pad', 'zeropad', [xs[0]], { pad: ZP });
    const a = conv(g, p, 2, 3);
    const b = conv(g, p, 2, 1);
    const p2 = addOp(g, 'pad', 'zeropad2', [xs[0]], { pad: ZP });
    const c = conv(g, p2, 2, 3);
    g.outputs = [a.id, b.id, c.id, p2.id];
    const after = runPass(fusePadding, g);
    expect(kinds(after)).toEqual(['pad', 'conv2d', 'conv2d', 'pad', 'conv2d']);
    expect(after.ops.filter((o) => o.kind === 'conv2d').every((o) => o.kind === 'conv2d' && o.attrs.pad.top === 0)).toBe(true);
  });

  it('when the pad feeds a conv as something other than its data input', () => {
    const { g, xs } = graph('pad_other', [4, 4, 2]);
    const p = addOp(g, 'pad', 'zeropad', [xs[0]], { pad: { top: 1, left: 1, bottom: 1, right: 1 } });
    const y = addOp(g, 'concat', 'cat', [p, p], { axis: -1 });
    g.outputs = [y.id];
    expect(kinds(runPass(fusePadding, g))).toEqual(['pad', 'concat']);
  });
});
