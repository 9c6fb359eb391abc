import { addTensor, addOp, emptyGraph } from '../../../src/ir/graph';
import { Tensor } from '../../../src/ir/types';
import { runFloat } from '../../../src/reference/runFloat';
import { uniformArray } from '../../helpers/rng';
import { expectClose, getTf, tfData } from './helpers';

const cases: { shapes: number[][]; axis: number }[] = [
  { shapes: [[3, 4, 2], [3, 4, 5], [3, 4, 1]], axis: -1 },
  { shapes: [[3, 4, 2], [3, 4, 5]], axis: 2 },
  { shapes: [[3, 1, 2], [3, 4, 2], [3, 2, 2]], axis: 1 },
  { shapes: [[1, 4, 2], [2, 4, 2]], axis: 0 },
  { shapes: [[5], [3], [1]], axis: 0 },
  { shapes: [[2, 3], [2, 4]], axis: -1 },
  { shapes: [[4, 4, 3]], axis: 2 },
];

describe('reference concat vs tf.concat', () => {
  cases.forEach((c, ci) => {
    test(`${c.shapes.map((s) => `[${s}]`).join(' + ')} axis ${c.axis}`, async () => {
      const tf = await getTf();
      const xs = c.shapes.map((s, k) => uniformArray(s.reduce((a, b) => a * b, 1), 2000 + ci * 10 + k));
      const expected = tf.tidy(() => tfData(tf.concat(xs.map((x, k) => tf.tensor(x, c.shapes[k])), c.axis)));
      const g = emptyGraph('concat');
      const ins: Tensor[] = c.shapes.map((s, k) => addTensor(g, `x${k}`, s));
      g.inputs = ins.map((t) => t.id);
      const y = addOp(g, 'concat', 'cat', ins, { axis: c.axis });
      g.outputs = [y.id];
      expectClose(runFloat(g, xs)[0], expected, 'concat', 0, 0);
    });
  });
});
