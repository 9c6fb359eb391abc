import { addOp } from '../../../src/ir/graph';
import { tfPadding } from '../../../src/ir/shapes';
import { FusedClamp, NO_CLAMP, Pad2D } from '../../../src/ir/types';
import { runFloat } from '../../../src/reference/runFloat';
import { uniformArray } from '../../helpers/rng';
import { constant, expectClose, getTf, graphWithInput, tfData } from './helpers';

interface ConvCase {
  name: string;
  h: number;
  w: number;
  cin: number;
  cout: number;
  k: [number, number];
  strides: [number, number];
  dil: [number, number];
  pad: Pad2D | 'same' | 'valid';
  bias: boolean;
  clamp?: FusedClamp;
}

const cases: ConvCase[] = [
  { name: '3x3 same stride 1 + bias', h: 7, w: 6, cin: 3, cout: 4, k: [3, 3], strides: [1, 1], dil: [1, 1], pad: 'same', bias: true },
  { name: '3x3 same stride 2 (odd pad after)', h: 8, w: 9, cin: 2, cout: 5, k: [3, 3], strides: [2, 2], dil: [1, 1], pad: 'same', bias: true },
  { name: '3x3 valid stride [2,1]', h: 9, w: 7, cin: 4, cout: 3, k: [3, 3], strides: [2, 1], dil: [1, 1], pad: 'valid', bias: false },
  {
    name: 'asymmetric explicit pads, stride 2',
    h: 8, w: 7, cin: 3, cout: 4, k: [3, 2], strides: [2, 2], dil: [1, 1],
    pad: { top: 1, left: 0, bottom: 2, right: 1 }, bias: true,
  },
  { name: 'dilation 2 same', h: 9, w: 8, cin: 2, cout: 3, k: [3, 3], strides: [1, 1], dil: [2, 2], pad: 'same', bias: true },
  {
    name: 'dilation [2,1] asymmetric pads',
    h: 8, w: 8, cin: 3, cout: 2, k: [3, 3], strides: [1, 1], dil: [2, 1],
    pad: { top: 0, left: 2, bottom: 3, right: 1 }, bias: false,
  },
  { name: '1x7 kernel same', h: 5, w: 16, cin: 3, cout: 4, k: [1, 7], strides: [1, 1], dil: [1, 1], pad: 'same', bias: true },
  { name: '7x1 kernel valid stride 2', h: 15, w: 4, cin: 2, cout: 3, k: [7, 1], strides: [2, 2], dil: [1, 1], pad: 'valid', bias: true },
  { name: '1x1 pointwise', h: 4, w: 5, cin: 8, cout: 6, k: [1, 1], strides: [1, 1], dil: [1, 1], pad: 'valid', bias: true },
  { name: 'fused relu6', h: 6, w: 6, cin: 3, cout: 4, k: [3, 3], strides: [1, 1], dil: [1, 1], pad: 'same', bias: true, clamp: { min: 0, max: 6 } },
  { name: 'fused relu', h: 6, w: 5, cin: 2, cout: 3, k: [2, 2], strides: [2, 2], dil: [1, 1], pad: 'valid', bias: true, clamp: { min: 0, max: Infinity } },
];

function explicitPad(c: ConvCase): Pad2D {
  if (typeof c.pad !== 'string') return c.pad;
  const [top, bottom] = tfPadding(c.pad, c.h, c.k[0], c.strides[0], c.dil[0]);
  const [left, right] = tfPadding(c.pad, c.w, c.k[1], c.strides[1], c.dil[1]);
  return { top, left, bottom, right };
}

describe('reference conv2d vs tf.conv2d', () => {
  cases.forEach((c, ci) => {
    test(c.name, async () => {
      const tf = await getTf();
      const [kh, kw] = c.k;
      const x = uniformArray(c.h * c.w * c.cin, 100 + ci, -2, 2);
      const wHwio = uniformArray(kh * kw * c.cin * c.cout, 200 + ci, -1, 1);
      const bias = uniformArray(c.cout, 300 + ci, -1, 1);
      const clamp = c.clamp ?? NO_CLAMP;

      const expected = tf.tidy(() => {
        const xt = tf.tensor4d(x, [1, c.h, c.w, c.cin]);
        const wt = tf.tensor4d(wHwio, [kh, kw, c.cin, c.cout]);
        const pad =
          typeof c.pad === 'string'
            ? c.pad
            : ([[0, 0], [c.pad.top, c.pad.bottom], [c.pad.left, c.pad.right], [0, 0]] as [[number, number], [number, number], [number, number], [number, number]]);
        let y = tf.conv2d(xt, wt, c.strides, pad, 'NHWC', c.dil);
        if (c.bias) y = tf.add(y, tf.tensor1d(bias));
        if (c.clamp) y = tf.clipByValue(y, clamp.min, Math.min(clamp.max, 3.4e38));
        return { data: tfData(y), shape: y.shape.slice(1) };
      });

      // HWIO -> OHWI
      const wOhwi = tf.tidy(() => tfData(tf.transpose(tf.tensor4d(wHwio, [kh, kw, c.cin, c.cout]), [3, 0, 1, 2])));
      const { g, x: xin } = graphWithInput(c.name, [c.h, c.w, c.cin]);
      const w = constant(g, 'w', [c.cout, kh, kw, c.cin], wOhwi);
      const ins = c.bias ? [xin, w, constant(g, 'b', [c.cout], bias)] : [xin, w];
      const y = addOp(g, 'conv2d', 'conv', ins, { strides: c.strides, dilations: c.dil, pad: explicitPad(c), clamp });
      g.outputs = [y.id];

      expect(y.shape).toEqual(expected.shape);
      const [out] = runFloat(g, [x]);
      expectClose(out, expected.data, c.name);
    });
  });

  test('stride 2 with dilation 2 (TF.js forbids both: compare with an explicitly dilated kernel)', async () => {
    const tf = await getTf();
    const [h, w, cin, cout, kh, kw] = [11, 10, 2, 3, 3, 2];
    const pad: Pad2D = { top: 2, left: 1, bottom: 1, right: 2 };
    const x = uniformArray(h * w * cin, 11, -1, 1);
    const wHwio = uniformArray(kh * kw * cin * cout, 12, -1, 1);
    // Dilated kernel: (kh-1)*2+1 x (kw-1)*2+1 with zeros between taps.
    const dkh = (kh - 1) * 2 + 1;
    const dkw = (kw - 1) * 2 + 1;
    const dil = new Float32Array(dkh * dkw * cin * cout);
    for (let i = 0; i < kh; i++)
      for (let j = 0; j < kw; j++)
        for (let c = 0; c < cin * cout; c++) dil[((i * 2) * dkw + j * 2) * cin * cout + c] = wHwio[(i * kw + j) * cin * cout + c];
    const expected = tf.tidy(() =>
      tfData(
        tf.conv2d(tf.tensor4d(x, [1, h, w, cin]), tf.tensor4d(dil, [dkh, dkw, cin, cout]), 2, [[0, 0], [pad.top, pad.bottom], [pad.left, pad.right], [0, 0]]),
      ),
    );
    const wOhwi = tf.tidy(() => tfData(tf.transpose(tf.tensor4d(wHwio, [kh, kw, cin, cout]), [3, 0, 1, 2])));
    const { g, x: xin } = graphWithInput('s2d2', [h, w, cin]);
    const y = addOp(g, 'conv2d', 'conv', [xin, constant(g, 'w', [cout, kh, kw, cin], wOhwi)], {
      strides: [2, 2],
      dilations: [2, 2],
      pad,
      clamp: NO_CLAMP,
    });
    g.outputs = [y.id];
    expectClose(runFloat(g, [x])[0], expected, 'stride 2 dilation 2');
  });
});
