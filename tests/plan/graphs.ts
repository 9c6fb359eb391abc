import { addOp } from '../../src/ir/graph';
import { Graph, Tensor } from '../../src/ir/types';
import { affine, conv, graph } from '../passes/helpers';

/** A DenseNet-style block on a 32×32×16 input: 4 layers of 3×3 convs (12 filters) concatenated onto the map. */
export function denseBlock(preActivation: boolean): Graph {
  const { g, xs } = graph(`densenet_${preActivation ? 'bnrelu' : 'plain'}`, [32, 32, 16]);
  const same = { top: 1, left: 1, bottom: 1, right: 1 };
  // A stem conv so the block's first feature map is produced inside the graph, not a graph input.
  let x: Tensor = conv(g, xs[0], 16, 3, { pad: same, clamp: { min: 0, max: Infinity } });
  for (let i = 0; i < 4; i++) {
    const a = preActivation ? affine(g, x, -1, { min: 0, max: Infinity }) : x;
    const h = conv(g, a, 12, 3, { pad: same });
    x = addOp(g, 'concat', `concat${i + 1}`, [x, h], { axis: -1 });
  }
  const y = addOp(g, 'global_pool', 'gap', [x], { type: 'avg' });
  g.outputs = [y.id];
  return g;
}


/** A 200-conv graph with skip additions and concatenations (planning-time figure). */
export function chain200(): Graph {
  const { g, xs } = graph('chain200', [8, 8, 8]);
  let x: Tensor = xs[0];
  const skips: Tensor[] = [];
  for (let i = 0; i < 200; i++) {
    if (i % 10 === 5 && skips.length) x = addOp(g, 'binary', `add${i}`, [x, skips.pop() as Tensor], { fn: 'add', clamp: { min: -Infinity, max: Infinity } });
    else if (i % 7 === 3) x = conv(g, addOp(g, 'concat', `cat${i}`, [x, conv(g, x, 4, 1)], { axis: -1 }), 8, 1);
    else x = conv(g, x, 8, 3, { pad: { top: 1, left: 1, bottom: 1, right: 1 } });
    if (i % 10 === 0) skips.push(x);
  }
  g.outputs = [x.id];
  return g;
}
