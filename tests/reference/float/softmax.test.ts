import { addOp } from '../../../src/ir/graph';
import { runFloat } from '../../../src/reference/runFloat';
import { uniformArray } from '../../helpers/rng';
import { expectClose, getTf, graphWithInput, tfData } from './helpers';

const cases: { shape: number[]; axis: number; range?: [number, number] }[] = [
  { shape: [10], axis: -1 },
  { shape: [10], axis: 0, range: [50, 120] }, // large logits: max subtraction keeps exp finite
  { shape: [4, 6], axis: -1 },
  { shape: [4, 6], axis: 0 },
  { shape: [3, 4, 5], axis: 2 },
  { shape: [3, 4, 5], axis: 1 },
  { shape: [3, 4, 5], axis: 0 },
  { shape: [3, 4, 5], axis: -2 },
];

describe('reference softmax vs tf.softmax', () => {
  cases.forEach((c, ci) => {
    test(`[${c.shape}] axis ${c.axis}`, async () => {
      const tf = await getTf();
      const rank = c.shape.length;
      const ax = c.axis < 0 ? c.axis + rank : c.axis;
      const [lo, hi] = c.range ?? [-5, 5];
      const x = uniformArray(c.shape.reduce((a, b) => a * b, 1), 1800 + ci, lo, hi);
      // tf.softmax only works on the last axis: move the axis last, softmax, move it back.
      const expected = tf.tidy(() => {
        const perm = [...Array(rank).keys()].filter((i) => i !== ax).concat([ax]);
        const inv = perm.map((_, i) => perm.indexOf(i));
        return tfData(tf.transpose(tf.softmax(tf.transpose(tf.tensor(x, c.shape), perm)), inv));
      });
      const { g, x: xin } = graphWithInput('softmax', c.shape);
      const y = addOp(g, 'softmax', 'sm', [xin], { axis: c.axis });
      g.outputs = [y.id];
      expectClose(runFloat(g, [x])[0], expected, 'softmax');
    });
  });
});
