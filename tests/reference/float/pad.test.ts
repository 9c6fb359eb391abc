/** The pad reference against tf.pad. */
import { addOp } from '../../../src/ir/graph';
import { Pad2D } from '../../../src/ir/types';
import { runFloat } from '../../../src/reference/runFloat';
import { uniformArray } from '../../helpers/rng';
import { expectClose, getTf, graphWithInput, tfData } from './helpers';

const SHAPE = [5, 6, 3];
const amounts: Pad2D[] = [
  { top: 0, left: 0, bottom: 0, right: 0 },
  { top: 1, left: 1, bottom: 1, right: 1 },
  { top: 2, left: 0, bottom: 1, right: 3 },
  { top: 0, left: 2, bottom: 3, right: 0 },
];

describe('reference pad vs tf.pad', () => {
  amounts.forEach((p, ci) => {
    test(JSON.stringify(p), async () => {
      const tf = await getTf();
      const x = uniformArray(90, 2100 + ci);
      const expected = tf.tidy(() =>
        tfData(tf.pad(tf.tensor3d(x, SHAPE as [number, number, number]), [[p.top, p.bottom], [p.left, p.right], [0, 0]])),
      );
      const { g, x: xin } = graphWithInput('pad', SHAPE);
      const y = addOp(g, 'pad', 'zp', [xin], { pad: p });
      g.outputs = [y.id];
      expect(y.shape).toEqual([SHAPE[0] + p.top + p.bottom, SHAPE[1] + p.left + p.right, SHAPE[2]]);
      expectClose(runFloat(g, [x])[0], expected, 'pad', 0, 0);
    });
  });
});
