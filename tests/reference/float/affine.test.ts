import { addOp } from '../../../src/ir/graph';
import { FusedClamp, NO_CLAMP } from '../../../src/ir/types';
import { runFloat } from '../../../src/reference/runFloat';
import { uniformArray } from '../../helpers/rng';
import { constant, expectClose, getTf, graphWithInput, tfData } from './helpers';

const cases: { shape: number[]; axis: number; clamp?: FusedClamp }[] = [
  { shape: [4, 5, 3], axis: -1 },
  { shape: [4, 5, 3], axis: 2, clamp: { min: 0, max: 6 } },
  { shape: [4, 5, 3], axis: 0 },
  { shape: [4, 5, 3], axis: 1, clamp: { min: -0.25, max: Infinity } },
  { shape: [7], axis: 0 },
  { shape: [6, 8], axis: -1 },
];

describe('reference affine vs tf.mul/tf.add (BatchNorm folded to scale/shift)', () => {
  cases.forEach((c, ci) => {
    test(`[${c.shape}] axis ${c.axis}${c.clamp ? ' clamped' : ''}`, async () => {
      const tf = await getTf();
      const rank = c.shape.length;
      const ax = c.axis < 0 ? c.axis + rank : c.axis;
      const n = c.shape.reduce((a, b) => a * b, 1);
      const ch = c.shape[ax];
      const x = uniformArray(n, 1500 + ci, -3, 3);
      const scale = uniformArray(ch, 1550 + ci, -2, 2);
      const shift = uniformArray(ch, 1580 + ci, -1, 1);
      const clamp = c.clamp ?? NO_CLAMP;
      const expected = tf.tidy(() => {
        const bshape = c.shape.map((d, i) => (i === ax ? d : 1));
        let y = tf.add(tf.mul(tf.tensor(x, c.shape), tf.tensor(scale, bshape)), tf.tensor(shift, bshape));
        if (c.clamp) y = tf.clipByValue(y, clamp.min, Math.min(clamp.max, 3.4e38));
        return tfData(y);
      });
      const { g, x: xin } = graphWithInput('affine', c.shape);
      const y = addOp(g, 'affine', 'bn', [xin, constant(g, 's', [ch], scale), constant(g, 'b', [ch], shift)], { axis: c.axis, clamp });
      g.outputs = [y.id];
      expectClose(runFloat(g, [x])[0], expected, 'affine');
    });
  });

  test('matches tf.batchNorm with moving statistics', async () => {
    const tf = await getTf();
    const shape = [3, 4, 5];
    const x = uniformArray(60, 1590, -3, 3);
    const mean = uniformArray(5, 1591, -1, 1);
    const variance = uniformArray(5, 1592, 0.1, 2);
    const gamma = uniformArray(5, 1593, 0.5, 1.5);
    const beta = uniformArray(5, 1594, -1, 1);
    const eps = 1e-3;
    const expected = tf.tidy(() => tfData(tf.batchNorm(tf.tensor3d(x, [3, 4, 5]), mean, variance, beta, gamma, eps)));
    const scale = gamma.map((gm, i) => gm / Math.sqrt(variance[i] + eps));
    const shift = beta.map((b, i) => b - mean[i] * scale[i]);
    const { g, x: xin } = graphWithInput('bn', shape);
    const y = addOp(g, 'affine', 'bn', [xin, constant(g, 's', [5], scale), constant(g, 'b', [5], shift)], { axis: -1, clamp: NO_CLAMP });
    g.outputs = [y.id];
    expectClose(runFloat(g, [x])[0], expected, 'batchNorm');
  });
});
