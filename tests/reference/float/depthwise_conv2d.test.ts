import { addOp } from '../../../src/ir/graph';
import { tfPadding } from '../../../src/ir/shapes';
import { FusedClamp, NO_CLAMP, Pad2D } from '../../../src/ir/types';
import { runFloat } from '../../../src/reference/runFloat';
import { uniformArray } from '../../helpers/rng';
import { constant, expectClose, getTf, graphWithInput, tfData } from './helpers';

interface DwCase {
  name: string;
  h: number;
  w: number;
  cin: number;
  mult: number;
  k: [number, number];
  strides: [number, number];
  dil: [number, number];
  pad: Pad2D | 'same' | 'valid';
  bias: boolean;
  clamp?: FusedClamp;
}

const cases: DwCase[] = [
  { name: '3x3 same mult 1 + bias', h: 7, w: 6, cin: 4, mult: 1, k: [3, 3], strides: [1, 1], dil: [1, 1], pad: 'same', bias: true },
  { name: '3x3 same mult 2', h: 6, w: 7, cin: 3, mult: 2, k: [3, 3], strides: [1, 1], dil: [1, 1], pad: 'same', bias: true },
  { name: '3x3 same stride 2 mult 2', h: 8, w: 8, cin: 3, mult: 2, k: [3, 3], strides: [2, 2], dil: [1, 1], pad: 'same', bias: true },
  { name: '5x5 valid stride [1,2] mult 3', h: 9, w: 10, cin: 2, mult: 3, k: [5, 5], strides: [1, 2], dil: [1, 1], pad: 'valid', bias: false },
  {
    name: 'asymmetric explicit pads stride 2 mult 2',
    h: 7, w: 9, cin: 3, mult: 2, k: [3, 3], strides: [2, 2], dil: [1, 1],
    pad: { top: 0, left: 1, bottom: 2, right: 0 }, bias: true,
  },
  { name: 'dilation 2 same mult 2', h: 9, w: 9, cin: 2, mult: 2, k: [3, 3], strides: [1, 1], dil: [2, 2], pad: 'same', bias: true },
  {
    name: 'dilation 2 asymmetric pads',
    h: 8, w: 9, cin: 3, mult: 1, k: [3, 2], strides: [1, 1], dil: [2, 2],
    pad: { top: 1, left: 3, bottom: 2, right: 0 }, bias: true,
  },
  { name: '1x7 kernel same mult 2', h: 4, w: 15, cin: 3, mult: 2, k: [1, 7], strides: [1, 1], dil: [1, 1], pad: 'same', bias: true },
  { name: 'fused relu6', h: 6, w: 6, cin: 4, mult: 1, k: [3, 3], strides: [1, 1], dil: [1, 1], pad: 'same', bias: true, clamp: { min: 0, max: 6 } },
  { name: 'fused clamp [-0.5, 0.5]', h: 5, w: 5, cin: 2, mult: 2, k: [3, 3], strides: [2, 2], dil: [1, 1], pad: 'valid', bias: true, clamp: { min: -0.5, max: 0.5 } },
];

function explicitPad(c: DwCase): Pad2D {
  if (typeof c.pad !== 'string') return c.pad;
  const [top, bottom] = tfPadding(c.pad, c.h, c.k[0], c.strides[0], c.dil[0]);
  const [left, right] = tfPadding(c.pad, c.w, c.k[1], c.strides[1], c.dil[1]);
  return { top, left, bottom, right };
}

describe('reference depthwise_conv2d vs tf.depthwiseConv2d', () => {
  cases.forEach((c, ci) => {
    test(c.name, async () => {
      const tf = await getTf();
      const [kh, kw] = c.k;
      const oc = c.cin * c.mult;
      const x = uniformArray(c.h * c.w * c.cin, 400 + ci, -2, 2);
      // TF.js layout HWCM: [kh, kw, cin, mult].
      const wHwcm = uniformArray(kh * kw * oc, 500 + ci, -1, 1);
      const bias = uniformArray(oc, 600 + ci, -1, 1);
      const clamp = c.clamp ?? NO_CLAMP;

      const expected = tf.tidy(() => {
        const xt = tf.tensor4d(x, [1, c.h, c.w, c.cin]);
        const wt = tf.tensor4d(wHwcm, [kh, kw, c.cin, c.mult]);
        const pad =
          typeof c.pad === 'string'
            ? c.pad
            : ([[0, 0], [c.pad.top, c.pad.bottom], [c.pad.left, c.pad.right], [0, 0]] as [[number, number], [number, number], [number, number], [number, number]]);
        let y = tf.depthwiseConv2d(xt, wt, c.strides, pad, 'NHWC', c.dil);
        if (c.bias) y = tf.add(y, tf.tensor1d(bias));
        if (c.clamp) y = tf.clipByValue(y, clamp.min, clamp.max);
        return { data: tfData(y), shape: y.shape.slice(1) };
      });

      // HWCM -> 1HW(C·M): element (h, w, ic, m) goes to channel ic*mult + m (written out explicitly).
      const w1hwc = new Float32Array(kh * kw * oc);
      for (let i = 0; i < kh; i++)
        for (let j = 0; j < kw; j++)
          for (let ic = 0; ic < c.cin; ic++)
            for (let m = 0; m < c.mult; m++) {
              w1hwc[(i * kw + j) * oc + ic * c.mult + m] = wHwcm[((i * kw + j) * c.cin + ic) * c.mult + m];
            }
      const { g, x: xin } = graphWithInput(c.name, [c.h, c.w, c.cin]);
      const w = constant(g, 'w', [1, kh, kw, oc], w1hwc);
      const ins = c.bias ? [xin, w, constant(g, 'b', [oc], bias)] : [xin, w];
      const y = addOp(g, 'depthwise_conv2d', 'dw', ins, {
        strides: c.strides,
        dilations: c.dil,
        pad: explicitPad(c),
        depthMultiplier: c.mult,
        clamp,
      });
      g.outputs = [y.id];

      expect(y.shape).toEqual(expected.shape);
      const [out] = runFloat(g, [x]);
      expectClose(out, expected.data, c.name);
    });
  });
});
