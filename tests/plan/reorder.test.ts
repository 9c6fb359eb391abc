import { addOp, addTensor, emptyGraph, numel, tensor } from '../../src/ir/graph';
import { Graph, NO_CLAMP, Op, Tensor } from '../../src/ir/types';
import { computeBuffers, lowerBound } from './plainLiveness';
import { peakOfOrder, reorderOps } from '../../src/plan/reorder';
import { runFloat } from '../../src/reference/runFloat';
import { mulberry32, uniformArray } from '../helpers/rng';

const ZERO_PAD = { top: 0, left: 0, bottom: 0, right: 0 };

/** 1×1 convolution of x to `cout` channels (random weights from `seed`). */
function conv1x1(g: Graph, name: string, x: Tensor, cout: number, seed: number): Tensor {
  const cin = x.shape[2];
  const w = addTensor(g, `${name}_w`, [cout, 1, 1, cin], 'float32', uniformArray(cout * cin, seed, -0.5, 0.5));
  const b = addTensor(g, `${name}_b`, [cout], 'float32', uniformArray(cout, seed + 1, -0.1, 0.1));
  return addOp(g, 'conv2d', name, [x, w, b], { strides: [1, 1], dilations: [1, 1], pad: ZERO_PAD, clamp: NO_CLAMP });
}

/**
 * A random seeded DAG of `nOps` ops over [h, w, c] activations (h×w = 2×2 or 1×4): 1×1 convs (new channel
 * counts), activations, adds, concats (branch joins) and reshapes (aliases). `recent` is the chance that an
 * operand is one of the 3 newest tensors (higher = longer chains, lower = wider graphs).
 */
function randomGraph(seed: number, nOps: number, recent = 0.6): Graph {
  const rng = mulberry32(seed);
  const ri = (k: number) => Math.floor(rng() * k);
  const g = emptyGraph(`rand${seed}`);
  const pool: Tensor[] = [];
  const nIn = rng() < 0.3 ? 2 : 1;
  for (let i = 0; i < nIn; i++) {
    const x = addTensor(g, `in${i}`, [2, 2, 1 + ri(6)]);
    g.inputs.push(x.id);
    pool.push(x);
  }
  const pick = (from: Tensor[] = pool): Tensor =>
    rng() < recent ? from[Math.max(0, from.length - 1 - ri(3))] : from[ri(from.length)];
  const sameHW = (t: Tensor) => pool.filter((u) => u.shape[0] === t.shape[0] && u.shape[1] === t.shape[1]);
  for (let k = 0; k < nOps; k++) {
    const r = rng();
    const x = pick();
    let out: Tensor;
    if (r < 0.3) {
      out = conv1x1(g, `conv${k}`, x, 1 + ri(12), seed * 1000 + k * 7);
    } else if (r < 0.45) {
      out = addOp(g, 'activation', `act${k}`, [x], { fn: rng() < 0.5 ? 'relu' : 'tanh', params: {} });
    } else if (r < 0.65) {
      const same = pool.filter((u) => u !== x && u.shape.join() === x.shape.join());
      out = same.length
        ? addOp(g, 'binary', `add${k}`, [x, pick(same)], { fn: 'add', clamp: NO_CLAMP })
        : addOp(g, 'activation', `act${k}`, [x], { fn: 'relu', params: {} });
    } else if (r < 0.88) {
      const cands = sameHW(x).filter((u) => u !== x);
      const parts = [x];
      for (let j = 0; j < 1 + ri(2) && cands.length; j++) parts.push(pick(cands));
      out = addOp(g, 'concat', `cat${k}`, parts, { axis: -1 });
    } else {
      const to = x.shape[0] === 2 ? [1, 4, x.shape[2]] : [2, 2, x.shape[2]];
      out = addOp(g, 'reshape', `rs${k}`, [x], {}, to);
    }
    pool.push(out);
  }
  const read = new Set<number>();
  for (const op of g.ops) for (const i of op.inputs) read.add(i);
  g.outputs = g.ops.map((op) => op.outputs[0]).filter((id) => !read.has(id));
  if (rng() < 0.3) g.outputs.push(g.ops[ri(g.ops.length)].outputs[0]);
  return g;
}

/** Asserts that `order` holds every op of `g` once and reads no tensor before it is written. */
function expectTopological(g: Graph, order: Op[]): void {
  expect(order.length).toBe(g.ops.length);
  expect(new Set(order).size).toBe(g.ops.length);
  for (const op of order) expect(g.ops).toContain(op);
  const written = new Set<number>(g.inputs);
  for (const t of g.tensors.values()) if (t.data) written.add(t.id);
  for (const op of order) {
    for (const i of op.inputs) if (!written.has(i)) throw new Error(`op ${op.name} reads ${tensor(g, i).name} before it is written`);
    for (const o of op.outputs) written.add(o);
  }
}

/** The liveness lower bound of computeBuffers (alignment 1, float32 = 4 bytes/element) for an order. */
function lbOfComputeBuffers(g: Graph, order: Op[]): number {
  return lowerBound(computeBuffers({ ...g, ops: order }, 1), order.length).bytes;
}

/** Minimum peak over all topological orders by enumeration (small graphs only), cross-checking peakOfOrder. */
function bruteForceMin(g: Graph): { min: number; orders: number } {
  const producer = new Map<number, Op>();
  for (const op of g.ops) for (const o of op.outputs) producer.set(o, op);
  const preds = new Map(g.ops.map((op) => [op, op.inputs.map((i) => producer.get(i)).filter((p): p is Op => !!p)]));
  const done = new Set<Op>();
  const order: Op[] = [];
  let min = Infinity;
  let orders = 0;
  const rec = (): void => {
    if (order.length === g.ops.length) {
      const p = peakOfOrder(g, order);
      if (orders % 97 === 0) expect(p).toBe(lbOfComputeBuffers(g, order));
      orders++;
      if (p < min) min = p;
      return;
    }
    for (const op of g.ops) {
      if (done.has(op) || !(preds.get(op) as Op[]).every((p) => done.has(p))) continue;
      done.add(op);
      order.push(op);
      rec();
      order.pop();
      done.delete(op);
    }
  };
  rec();
  return { min, orders };
}

describe('peakOfOrder', () => {
  test('agrees with computeBuffers + lowerBound (alignment 1) on random graphs and orders', () => {
    for (let seed = 1; seed <= 30; seed++) {
      const g = randomGraph(seed, 5 + (seed % 20), 0.5);
      expect(peakOfOrder(g, g.ops)).toBe(lbOfComputeBuffers(g, g.ops));
      const r = reorderOps(g);
      expect(r.peakBytes).toBe(lbOfComputeBuffers(g, r.order));
      expect(r.originalPeakBytes).toBe(lbOfComputeBuffers(g, g.ops));
    }
  });

  test('bytesOf sets the buffer sizes (int8: 1 byte per element)', () => {
    const g = randomGraph(7, 12, 0.5);
    const int8 = (id: number) => numel(tensor(g, id).shape);
    expect(peakOfOrder(g, g.ops, int8) * 4).toBe(peakOfOrder(g, g.ops));
  });
});

describe('reorderOps', () => {
  test('random small DAGs: valid order, never worse, equal to the brute-force minimum', () => {
    let improved = 0;
    let checked = 0;
    for (let seed = 100; seed < 160; seed++) {
      const nOps = 4 + (seed % 7); // 4..10 ops
      const g = randomGraph(seed, nOps, seed % 2 ? 0.3 : 0.6);
      const before = g.ops.slice();
      const r = reorderOps(g);
      expect(g.ops).toEqual(before); // g untouched
      expectTopological(g, r.order);
      expect(r.peakBytes).toBe(peakOfOrder(g, r.order));
      expect(r.originalPeakBytes).toBe(peakOfOrder(g, g.ops));
      expect(r.peakBytes).toBeLessThanOrEqual(r.originalPeakBytes);
      expect(r.exact).toBe(true);
      const bf = bruteForceMin(g);
      expect(r.peakBytes).toBe(bf.min);
      if (r.peakBytes < r.originalPeakBytes) improved++;
      checked++;
    }
    expect(checked).toBe(60);
    expect(improved).toBeGreaterThan(5); // the generator does produce graphs where the order matters
  });

  test('random medium DAGs (30-60 ops): valid order, never worse than the original', () => {
    for (let seed = 200; seed < 215; seed++) {
      const g = randomGraph(seed, 30 + (seed % 4) * 10, 0.5);
      const r = reorderOps(g, { timeCapMs: 200 });
      expectTopological(g, r.order);
      expect(r.peakBytes).toBe(peakOfOrder(g, r.order));
      expect(r.peakBytes).toBeLessThanOrEqual(r.originalPeakBytes);
    }
  });

  test('a chain returns its original order at once', () => {
    const g = emptyGraph('chain');
    let x = addTensor(g, 'x', [4, 4, 3]);
    g.inputs = [x.id];
    for (let k = 0; k < 60; k++) {
      x = k % 3 === 0 ? conv1x1(g, `c${k}`, x, 2 + (k % 5), k) : addOp(g, 'activation', `a${k}`, [x], { fn: 'relu', params: {} });
    }
    g.outputs = [x.id];
    const t = Date.now();
    const r = reorderOps(g, { timeCapMs: 60000 });
    expect(Date.now() - t).toBeLessThan(250); // no search: far below the cap
    expect(r.order).toEqual(g.ops);
    expect(r.exact).toBe(true);
    expect(r.peakBytes).toBe(r.originalPeakBytes);
  });

  /**
   * x[8,8,8] → b1 = conv(x)[8,8,16];  t2 = conv(x)[8,8,32] → b2 = conv(t2)[8,8,4];
   * t3 = maxpool(x)[8,8,8] → b3 = conv(t3)[8,8,4];  y = concat(b1, b2, b3)[8,8,24].
   * Built in the natural order (b1 first), b1's output waits while t2 (the big intermediate) is live: peak
   * x + b1 + t2 + b2 = 2048 + 4096 + 8192 + 1024 = 15360 B. Running the big branch first and b1 last leaves the
   * concat step (b1 + b2 + b3 + y = 12288 B) as the peak.
   */
  function inceptionBlock(g: Graph, x: Tensor, k: number): Tensor {
    const b1 = conv1x1(g, `b1_${k}`, x, 16, 10 * k + 1);
    const t2 = conv1x1(g, `t2_${k}`, x, 32, 10 * k + 2);
    const b2 = conv1x1(g, `b2_${k}`, t2, 4, 10 * k + 3);
    const t3 = addOp(g, 'pool2d', `t3_${k}`, [x], { type: 'max', pool: [3, 3], strides: [1, 1], pad: { top: 1, left: 1, bottom: 1, right: 1 } });
    const b3 = conv1x1(g, `b3_${k}`, t3, 4, 10 * k + 4);
    return addOp(g, 'concat', `cat_${k}`, [b1, b2, b3], { axis: -1 });
  }

  test('Inception-style block: reordering lowers the peak from 15360 to 12288 bytes (float32)', () => {
    const g = emptyGraph('inception');
    const x = addTensor(g, 'x', [8, 8, 8]);
    g.inputs = [x.id];
    g.outputs = [inceptionBlock(g, x, 0).id];
    const r = reorderOps(g);
    expect(r.originalPeakBytes).toBe(15360);
    expect(r.peakBytes).toBe(12288);
    expect(r.exact).toBe(true);
    expect(bruteForceMin(g).min).toBe(12288);
    expectTopological(g, r.order);
    // b1 (whose output would otherwise wait through the big branch) runs after the t2 → b2 branch.
    const pos = (name: string) => r.order.findIndex((op) => op.name === name);
    expect(pos('b1_0')).toBeGreaterThan(pos('b2_0'));
    // int8 sizing: same order choice, a quarter of the bytes.
    const r8 = reorderOps(g, { bytesOf: (id) => numel(tensor(g, id).shape) });
    expect([r8.originalPeakBytes, r8.peakBytes]).toEqual([3840, 3072]);
  });

  test('a stack of 8 Inception blocks (56 ops) is solved exactly block by block', () => {
    const g = emptyGraph('inception8');
    let x = addTensor(g, 'x', [8, 8, 8]);
    g.inputs = [x.id];
    for (let k = 0; k < 8; k++) {
      const y = inceptionBlock(g, x, k);
      x = conv1x1(g, `proj_${k}`, y, 8, 500 + k); // back to 8 channels: the block input shape
    }
    g.outputs = [x.id];
    const t = Date.now();
    const r = reorderOps(g);
    const ms = Date.now() - t;
    expect(ms).toBeLessThan(600);
    expect(r.exact).toBe(true);
    expect(r.originalPeakBytes).toBe(15360);
    expect(r.peakBytes).toBe(12288);
    expectTopological(g, r.order);
  });

  test('a 200-op graph returns a valid order within timeCapMs + 100 ms', () => {
    let inexact = 0;
    for (const [seed, cap] of [
      [7000, undefined],
      [7001, 100],
      [7002, 0],
    ] as const) {
      const g = randomGraph(seed, 200, 0.15); // wide: operands mostly from anywhere, too many orders to search
      const t = Date.now();
      const r = reorderOps(g, cap === undefined ? {} : { timeCapMs: cap });
      const ms = Date.now() - t;
      expect(ms).toBeLessThan((cap ?? 500) + 100);
      expectTopological(g, r.order);
      expect(r.peakBytes).toBe(peakOfOrder(g, r.order));
      expect(r.peakBytes).toBeLessThanOrEqual(r.originalPeakBytes);
      if (!r.exact) inexact++;
    }
    expect(inexact).toBeGreaterThan(0); // the time cap was hit and the heuristic answered
  });

  test('the reordered graph computes bit-identical outputs with runFloat', () => {
    for (const seed of [31, 32, 33]) {
      const g = randomGraph(seed, 40, 0.4);
      const r = reorderOps(g, { timeCapMs: 200 });
      const inputs = g.inputs.map((id, k) => uniformArray(numel(tensor(g, id).shape), seed * 10 + k));
      const want = runFloat(g, inputs);
      const got = runFloat({ ...g, ops: r.order }, inputs);
      expect(got.length).toBe(want.length);
      got.forEach((v, i) => expect(Array.from(v)).toEqual(Array.from(want[i])));
    }
  });
});
