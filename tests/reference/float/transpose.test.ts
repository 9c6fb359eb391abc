import { addOp } from '../../../src/ir/graph';
import { runFloat } from '../../../src/reference/runFloat';
import { uniformArray } from '../../helpers/rng';
import { expectClose, getTf, graphWithInput, tfData } from './helpers';

const cases: { shape: number[]; perm: number[] }[] = [
  { shape: [5], perm: [0] },
  { shape: [3, 4], perm: [1, 0] },
  { shape: [2, 3, 4], perm: [2, 0, 1] },
  { shape: [2, 3, 4], perm: [1, 2, 0] },
  { shape: [4, 5, 3], perm: [2, 0, 1] }, // HWC -> CHW
  { shape: [2, 3, 4, 5], perm: [3, 1, 0, 2] },
  { shape: [2, 1, 3, 2, 2], perm: [4, 2, 0, 3, 1] },
  { shape: [2, 2, 1, 3, 2, 2], perm: [5, 0, 4, 1, 3, 2] },
];

describe('reference transpose vs tf.transpose', () => {
  cases.forEach((c, ci) => {
    test(`[${c.shape}] perm [${c.perm}]`, async () => {
      const tf = await getTf();
      const n = c.shape.reduce((a, b) => a * b, 1);
      const x = uniformArray(n, 1400 + ci);
      const expected = tf.tidy(() => tfData(tf.transpose(tf.tensor(x, c.shape), c.perm)));
      const { g, x: xin } = graphWithInput('t', c.shape);
      const y = addOp(g, 'transpose', 'tr', [xin], { perm: c.perm });
      g.outputs = [y.id];
      expect(y.shape).toEqual(c.perm.map((p) => c.shape[p]));
      expectClose(runFloat(g, [x])[0], expected, 'transpose', 0, 0);
    });
  });
});
