import type * as TF from '@tensorflow/tfjs';
import { addOp } from '../../../src/ir/graph';
import { runFloat } from '../../../src/reference/runFloat';
import { uniformArray } from '../../helpers/rng';
import { expectClose, getTf, graphWithInput, tfData } from './helpers';

const cases: { shape: [number, number, number]; scale: [number, number] }[] = [
  { shape: [3, 4, 2], scale: [2, 2] },
  { shape: [3, 4, 2], scale: [2, 3] },
  { shape: [2, 5, 3], scale: [3, 1] },
  { shape: [4, 4, 1], scale: [1, 1] },
];

describe('reference upsample vs TF.js', () => {
  cases.forEach((c, ci) => {
    test(`[${c.shape}] x [${c.scale}] vs tf.layers.upSampling2d`, async () => {
      const tf = await getTf();
      const x = uniformArray(c.shape[0] * c.shape[1] * c.shape[2], 2300 + ci);
      const expected = tf.tidy(() =>
        tfData(tf.layers.upSampling2d({ size: c.scale, interpolation: 'nearest' }).apply(tf.tensor4d(x, [1, ...c.shape])) as TF.Tensor),
      );
      const { g, x: xin } = graphWithInput('up', c.shape);
      const y = addOp(g, 'upsample', 'up', [xin], { scale: c.scale });
      g.outputs = [y.id];
      expect(y.shape).toEqual([c.shape[0] * c.scale[0], c.shape[1] * c.scale[1], c.shape[2]]);
      expectClose(runFloat(g, [x])[0], expected, 'upsample', 0, 0);
    });

    test(`[${c.shape}] x [${c.scale}] vs tf.image.resizeNearestNeighbor`, async () => {
      const tf = await getTf();
      const x = uniformArray(c.shape[0] * c.shape[1] * c.shape[2], 2350 + ci);
      const expected = tf.tidy(() =>
        tfData(tf.image.resizeNearestNeighbor(tf.tensor3d(x, c.shape), [c.shape[0] * c.scale[0], c.shape[1] * c.scale[1]], false, false)),
      );
      const { g, x: xin } = graphWithInput('up', c.shape);
      const y = addOp(g, 'upsample', 'up', [xin], { scale: c.scale });
      g.outputs = [y.id];
      expectClose(runFloat(g, [x])[0], expected, 'upsample', 0, 0);
    });
  });
});
