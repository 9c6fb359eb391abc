/**
 * Seeded random IR graphs for planner property tests: branches, concats, adds, in-place-able activations,
 * depthwise and strided convs, pooling — the structures the memory planner's techniques act on.
 */
import { addOp, addTensor, emptyGraph, numel } from '../../src/ir/graph';
import { Graph, NO_CLAMP, Tensor } from '../../src/ir/types';
import { mulberry32, uniformArray } from '../helpers/rng';

const SAME3 = { top: 1, left: 1, bottom: 1, right: 1 };
const NONE = { top: 0, left: 0, bottom: 0, right: 0 };

/** A random DAG of about `nOps` ops on an HW×C input. */
export function randomDag(seed: number, nOps: number): Graph {
  const r = mulberry32(seed);
  const pick = <T>(xs: T[]): T => xs[Math.floor(r() * xs.length)];
  const g = emptyGraph(`dag${seed}`);
  const hw = pick([4, 5, 6, 8]);
  const x0 = addTensor(g, 'x', [hw, hw, pick([2, 3, 4])]);
  g.inputs = [x0.id];
  let wseed = seed * 1000;
  const w = (shape: number[]) => addTensor(g, `w${wseed}`, shape, 'float32', uniformArray(numel(shape), wseed++, -0.5, 0.5));
  const live: Tensor[] = [x0];
  const recent = () => live[Math.max(0, live.length - 1 - Math.floor(r() * Math.min(3, live.length)))];
  for (let i = 0; i < nOps; i++) {
    const x = recent();
    const [h, wd, c] = x.shape;
    const kind = r();
    let y: Tensor;
    if (kind < 0.22) {
      const cout = pick([2, 4, 6, 8]);
      const k = pick([1, 3]);
      const stride = h >= 4 && r() < 0.2 ? 2 : 1;
      y = addOp(g, 'conv2d', `conv${i}`, [x, w([cout, k, k, c]), w([cout])], {
        strides: [stride, stride],
        dilations: [1, 1],
        pad: k === 3 ? SAME3 : NONE,
        clamp: r() < 0.5 ? { min: 0, max: 6 } : NO_CLAMP,
      });
    } else if (kind < 0.34) {
      const stride = h >= 4 && r() < 0.3 ? 2 : 1;
      y = addOp(g, 'depthwise_conv2d', `dw${i}`, [x, w([1, 3, 3, c]), w([c])], {
        strides: [stride, stride],
        dilations: [1, 1],
        pad: SAME3,
        depthMultiplier: 1,
        clamp: { min: 0, max: Infinity },
      });
    } else if (kind < 0.44) {
      y = addOp(g, 'activation', `act${i}`, [x], { fn: pick(['tanh', 'sigmoid', 'swish', 'elu'] as const), params: { alpha: 1 } });
    } else if (kind < 0.52) {
      y = addOp(g, 'affine', `bn${i}`, [x, w([c]), w([c])], { axis: -1, clamp: r() < 0.5 ? { min: 0, max: Infinity } : NO_CLAMP });
    } else if (kind < 0.66) {
      const other = live.filter((t) => t !== x && t.shape.join() === x.shape.join());
      if (!other.length) {
        i--;
        continue;
      }
      y = addOp(g, 'binary', `add${i}`, [x, pick(other)], { fn: pick(['add', 'mul', 'max'] as const), clamp: NO_CLAMP });
    } else if (kind < 0.84) {
      const other = live.filter((t) => t !== x && t.shape[0] === h && t.shape[1] === wd && t.shape.length === 3);
      const ins = other.length ? [x, pick(other)] : [x];
      if (r() < 0.4) ins.push(addOp(g, 'conv2d', `cb${i}`, [x, w([2, 1, 1, c]), w([2])], { strides: [1, 1], dilations: [1, 1], pad: NONE, clamp: NO_CLAMP }));
      if (ins.length < 2) {
        i--;
        continue;
      }
      y = addOp(g, 'concat', `cat${i}`, ins, { axis: -1 });
    } else if (kind < 0.92 && h >= 2 && wd >= 2) {
      y = addOp(g, 'pool2d', `pool${i}`, [x], { type: pick(['max', 'avg'] as const), pool: [2, 2], strides: [pick([1, 2]), pick([1, 2])], pad: NONE });
    } else {
      y = addOp(g, 'activation', `relu${i}`, [x], { fn: 'relu', params: {} });
    }
    live.push(y);
  }
  // Outputs: the last tensor (flattened through a dense layer) and sometimes an intermediate one.
  const lastT = live[live.length - 1];
  const flat = addOp(g, 'reshape', 'flat', [lastT], {}, [numel(lastT.shape)]);
  const out = addOp(g, 'dense', 'fc', [flat, w([3, numel(lastT.shape)]), w([3])], { clamp: NO_CLAMP });
  g.outputs = [out.id];
  if (live.length > 3 && r() < 0.3) g.outputs.push(live[1 + Math.floor(r() * (live.length - 2))].id);
  return g;
}
