/**
 * Shared helpers for the pass tests: small IR graphs with seeded constants, and a before/after check that runs
 * a pass on a copy and compares the float reference outputs.
 */
import { addOp, addTensor, cloneGraph, emptyGraph, numel, tensor, validateGraph } from '../../src/ir/graph';
import { FusedClamp, Graph, NO_CLAMP, Op, OpKind, Pad2D, Tensor } from '../../src/ir/types';
import { runFloat } from '../../src/reference/runFloat';
import { uniformArray } from '../helpers/rng';

export const NO_PAD: Pad2D = { top: 0, left: 0, bottom: 0, right: 0 };

let seedCounter = 1000;

/** A graph with one input per shape (named x0, x1, ...). */
export function graph(name: string, ...inputShapes: number[][]): { g: Graph; xs: Tensor[] } {
  const g = emptyGraph(name);
  const xs = inputShapes.map((s, i) => addTensor(g, `x${i}`, s));
  g.inputs = xs.map((x) => x.id);
  return { g, xs };
}

/** A seeded float32 constant uniform in [lo, hi). */
export function weight(g: Graph, name: string, shape: number[], lo = -0.5, hi = 0.5): Tensor {
  return addTensor(g, name, shape, 'float32', uniformArray(numel(shape), seedCounter++, lo, hi));
}

export function conv(g: Graph, x: Tensor, cout: number, k: number, opts: { pad?: Pad2D; strides?: [number, number]; dilations?: [number, number]; bias?: boolean; clamp?: FusedClamp; w?: Tensor } = {}): Tensor {
  const w = opts.w ?? weight(g, 'conv/w', [cout, k, k, x.shape[2]]);
  const ins = [x, w];
  if (opts.bias ?? true) ins.push(weight(g, 'conv/b', [cout], -0.2, 0.2));
  return addOp(g, 'conv2d', 'conv', ins, {
    strides: opts.strides ?? [1, 1],
    dilations: opts.dilations ?? [1, 1],
    pad: opts.pad ?? NO_PAD,
    clamp: opts.clamp ?? NO_CLAMP,
  });
}

export function depthwise(g: Graph, x: Tensor, k: number, mult: number, opts: { pad?: Pad2D; strides?: [number, number]; dilations?: [number, number]; bias?: boolean; clamp?: FusedClamp } = {}): Tensor {
  const c = x.shape[2] * mult;
  const ins = [x, weight(g, 'dw/w', [1, k, k, c])];
  if (opts.bias ?? true) ins.push(weight(g, 'dw/b', [c], -0.2, 0.2));
  return addOp(g, 'depthwise_conv2d', 'dw', ins, {
    strides: opts.strides ?? [1, 1],
    dilations: opts.dilations ?? [1, 1],
    pad: opts.pad ?? NO_PAD,
    depthMultiplier: mult,
    clamp: opts.clamp ?? NO_CLAMP,
  });
}

export function dense(g: Graph, x: Tensor, units: number, opts: { bias?: boolean; clamp?: FusedClamp } = {}): Tensor {
  const ins = [x, weight(g, 'fc/w', [units, x.shape[x.shape.length - 1]])];
  if (opts.bias ?? true) ins.push(weight(g, 'fc/b', [units], -0.2, 0.2));
  return addOp(g, 'dense', 'fc', ins, { clamp: opts.clamp ?? NO_CLAMP });
}

/** A BatchNorm-like affine op: scale in [0.5, 1.5], shift in [-0.3, 0.3]. */
export function affine(g: Graph, x: Tensor, axis = -1, clamp: FusedClamp = NO_CLAMP): Tensor {
  const c = x.shape[axis < 0 ? axis + x.shape.length : axis];
  return addOp(g, 'affine', 'bn', [x, weight(g, 'bn/scale', [c], 0.5, 1.5), weight(g, 'bn/shift', [c], -0.3, 0.3)], { axis, clamp });
}

/** Seeded inputs for every graph input, uniform in [lo, hi). */
export function inputsFor(g: Graph, seed: number, lo = -1, hi = 1): Float32Array[] {
  return g.inputs.map((id, i) => uniformArray(numel(tensor(g, id).shape), seed + 101 * i, lo, hi));
}

export function kinds(g: Graph): OpKind[] {
  return g.ops.map((o) => o.kind);
}

export function count(g: Graph, kind: OpKind): number {
  return g.ops.filter((o) => o.kind === kind).length;
}

export function opOf<K extends OpKind>(g: Graph, kind: K): Extract<Op, { kind: K }> {
  const op = g.ops.find((o) => o.kind === kind);
  if (!op) throw new Error(`no ${kind} op in ${g.name}`);
  return op as Extract<Op, { kind: K }>;
}

/**
 * Runs `pass` on a copy of `g` (the original is left as is), validates the result, and checks that every graph
 * output agrees with the original within 1e-5 relative (plus 1e-6 absolute). Returns the rewritten graph.
 */
export function runPass(pass: (g: Graph) => Graph, g: Graph, seed = 1): Graph {
  validateGraph(g);
  const before = JSON.stringify(summary(g));
  const after = pass(cloneGraph(g));
  validateGraph(after);
  expect(JSON.stringify(summary(g))).toBe(before);
  expect(after.outputs).toHaveLength(g.outputs.length);
  for (const s of [seed, seed + 1]) {
    const ins = inputsFor(g, s * 7919, -2, 2);
    const want = runFloat(g, ins);
    const got = runFloat(after, ins);
    want.forEach((w, k) => {
      expect(got[k].length).toBe(w.length);
      for (let i = 0; i < w.length; i++) {
        if (!(Math.abs(got[k][i] - w[i]) <= 1e-6 + 1e-5 * Math.abs(w[i]))) {
          throw new Error(`${g.name}: output ${k} element ${i} is ${got[k][i]} after the pass, ${w[i]} before`);
        }
      }
    });
  }
  return after;
}

function summary(g: Graph): unknown {
  return { ops: g.ops.map((o) => [o.kind, o.name, o.inputs, o.outputs, o.attrs]), inputs: g.inputs, outputs: g.outputs };
}
