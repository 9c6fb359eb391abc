/** The crop reference against tf.slice. */
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

describe('reference crop vs tf.slice', () => {
  amounts.forEach((c, ci) => {
    test(JSON.stringify(c), async () => {
      const tf = await getTf();
      const x = uniformArray(90, 2200 + ci);
      const h = SHAPE[0] - c.top - c.bottom;
      const w = SHAPE[1] - c.left - c.right;
      const expected = tf.tidy(() => tfData(tf.slice(tf.tensor3d(x, SHAPE as [number, number, number]), [c.top, c.left, 0], [h, w, SHAPE[2]])));
      const { g, x: xin } = graphWithInput('crop', SHAPE);
      const y = addOp(g, 'crop', 'crop', [xin], { crop: c });
      g.outputs = [y.id];
      expect(y.shape).toEqual([h, w, SHAPE[2]]);
      expectClose(runFloat(g, [x])[0], expected, 'crop', 0, 0);
    });
  });
});
