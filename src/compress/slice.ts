/**
 * Shared by structured pruning and input-feature pruning: keep a subset of the indices along one axis of a
 * constant tensor, as a new tensor (constants may be shared between layers, so they are never edited in place).
 */
import { addTensor, numel, tensor } from '../ir/graph';
import { Graph, Op } from '../ir/types';

/** The elements of `data` (shape `shape`) whose index along `axis` is in `keep` (ascending), and the new shape. */
export function keepAlongAxis(data: Float32Array, shape: readonly number[], axis: number, keep: readonly number[]): { data: Float32Array; shape: number[] } {
  const n = shape[axis];
  const inner = numel(shape.slice(axis + 1));
  const outer = numel(shape.slice(0, axis));
  const out = new Float32Array(outer * keep.length * inner);
  let o = 0;
  for (let a = 0; a < outer; a++) {
    for (const k of keep) {
      const from = (a * n + k) * inner;
      out.set(data.subarray(from, from + inner), o);
      o += inner;
    }
  }
  const s = [...shape];
  s[axis] = keep.length;
  return { data: out, shape: s };
}

/** Replaces constant input `index` of `op` with a copy that keeps only `keep` along `axis`. */
export function sliceConstInput(g: Graph, op: Op, index: number, axis: number, keep: readonly number[]): void {
  const t = tensor(g, op.inputs[index]);
  const r = keepAlongAxis(t.data as Float32Array, t.shape, axis, keep);
  op.inputs[index] = addTensor(g, `${t.name}/pruned`, r.shape, 'float32', r.data).id;
}

/** 0..n−1 without the members of `drop`. */
export function complement(n: number, drop: ReadonlySet<number>): number[] {
  return [...Array(n).keys()].filter((i) => !drop.has(i));
}
