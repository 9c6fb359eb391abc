/** The global_pool reference (max, average) against tf.max / tf.mean. */
import { addOp } from '../../../src/ir/graph';
import { runFloat } from '../../../src/reference/runFloat';
import { uniformArray } from '../../helpers/rng';
import { expectClose, getTf, graphWithInput, tfData } from './helpers';

describe('reference global_pool vs tf.mean / tf.max', () => {
  for (const type of ['avg', 'max'] as const) {
    test(`global ${type}`, async () => {
      const tf = await getTf();
      const [h, w, ch] = [5, 7, 6];
      const x = uniformArray(h * w * ch, type === 'avg' ? 1200 : 1201, -3, 1);
      const expected = tf.tidy(() => {
        const xt = tf.tensor3d(x, [h, w, ch]);
        return tfData(type === 'avg' ? tf.mean(xt, [0, 1]) : tf.max(xt, [0, 1]));
      });
      const { g, x: xin } = graphWithInput(type, [h, w, ch]);
      const y = addOp(g, 'global_pool', 'gp', [xin], { type });
      g.outputs = [y.id];
      expect(y.shape).toEqual([ch]);
      expectClose(runFloat(g, [x])[0], expected, `global ${type}`);
    });
  }
});
