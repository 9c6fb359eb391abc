/**
 * Structured pruning: removes whole conv2d filters or dense neurons and rewrites everything downstream that
 * reads those channels (batch-norm scale/shift, depthwise channels, the next conv's input channels, a dense
 * layer's columns — also through a flatten), so the model itself gets smaller: fewer weights, MACs and
 * activation bytes, with no sparse format needed. Filters are ranked by the L1 norm of their weights (Li et al.,
 * "Pruning Filters for Efficient ConvNets", 2017) or, when a batch norm follows, by |γ| (Liu et al., "Network
 * Slimming", 2017). A branch, a concat or an elementwise op with two activations makes the rewrite unsafe:
 * it is refused with a one-line TinyfitError.
 */
import { TinyfitError } from '../errors';
import { cloneGraph, consumers, numel, pruneTensors, tensor, validateGraph } from '../ir/graph';
import { graphStats } from '../ir/stats';
import { Graph, Op } from '../ir/types';
import { complement, sliceConstInput } from './slice';

/** How filters are ranked: 'l1' weight norm, 'bn' |scale| of the batch norm that follows, 'auto' = bn when one follows. */
export type FilterCriterion = 'l1' | 'bn' | 'auto';

/** Options of {@link pruneFilters}: exactly one of `count`, `fraction`, `channels`. */
export interface PruneFiltersOptions {
  /** Name of the conv2d or dense op whose filters/neurons are removed. */
  layer: string;
  /** Number of filters to remove (the lowest-ranked). */
  count?: number;
  /** Fraction of filters to remove, rounded to the nearest count. */
  fraction?: number;
  /** Exactly these output channels. */
  channels?: number[];
  /** Ranking (default 'auto'). */
  criterion?: FilterCriterion;
}

function fail(layer: string, why: string): never {
  throw new TinyfitError(`cannot prune filters of '${layer}': ${why}`);
}

function findLayer(g: Graph, name: string): Op {
  const op = g.ops.find((o) => o.name === name);
  if (!op) throw new TinyfitError(`no layer named '${name}' to prune`);
  if (op.kind !== 'conv2d' && op.kind !== 'dense') fail(name, `it is a ${op.kind}; only conv2d filters and dense neurons can be removed`);
  return op;
}

/** The sole reader of `id` when it is an affine on the last axis (an unfolded batch norm), else undefined. */
function followingBatchNorm(g: Graph, id: number): Op | undefined {
  const readers = consumers(g).get(id) ?? [];
  const r = readers[0];
  if (readers.length !== 1 || r.kind !== 'affine' || r.inputs[0] !== id) return undefined;
  const rank = tensor(g, id).shape.length;
  return (r.attrs.axis < 0 ? r.attrs.axis + rank : r.attrs.axis) === rank - 1 ? r : undefined;
}

/**
 * Importance of each output channel of a conv2d or dense layer (higher = more important): |γ| of a following
 * batch norm, or the L1 norm of the filter's weights.
 */
export function filterScores(g: Graph, layer: string, criterion: FilterCriterion = 'auto'): Float64Array {
  const op = findLayer(g, layer);
  const bn = followingBatchNorm(g, op.outputs[0]);
  if (criterion === 'bn' && !bn) fail(layer, 'no batch norm follows it to rank filters by γ');
  if (bn && criterion !== 'l1') return Float64Array.from(tensor(g, bn.inputs[1]).data as Float32Array, Math.abs);
  const w = tensor(g, op.inputs[1]);
  const c = w.shape[0];
  const inner = numel(w.shape) / c;
  const d = w.data as Float32Array;
  const s = new Float64Array(c);
  for (let i = 0; i < d.length; i++) s[Math.floor(i / inner)] += Math.abs(d[i]);
  return s;
}

function chooseDrop(g: Graph, opts: PruneFiltersOptions, c: number): Set<number> {
  const given = [opts.count, opts.fraction, opts.channels].filter((v) => v !== undefined).length;
  if (given !== 1) fail(opts.layer, 'give exactly one of count, fraction or channels');
  if (opts.channels) {
    for (const ch of opts.channels) if (!Number.isInteger(ch) || ch < 0 || ch >= c) fail(opts.layer, `channel ${ch} is not in [0, ${c})`);
    return new Set(opts.channels);
  }
  const n = opts.count ?? Math.round(opts.fraction! * c);
  if (!Number.isInteger(n) || n < 0 || n >= c) fail(opts.layer, `removing ${n} of ${c} filters must leave at least one`);
  const s = filterScores(g, opts.layer, opts.criterion);
  const order = [...Array(c).keys()].sort((a, b) => s[a] - s[b] || a - b);
  return new Set(order.slice(0, n));
}

/** Where the pruned channels are in a tensor on the way down: its last axis, or interleaved in a flattened vector. */
type Layout = { kind: 'channels' } | { kind: 'flat'; positions: number };

/** Ops that read one activation, keep its channels on the last axis and have no per-channel constants. */
const CHANNEL_PRESERVING = new Set(['activation', 'pool2d', 'global_pool', 'pad', 'identity', 'crop', 'upsample']);

/**
 * Removes output channels of a conv2d or dense layer and rewrites the downstream shapes, up to and including
 * the next conv2d or dense layer that consumes them.
 * @returns a smaller copy of `g` and the removed channels (ascending)
 * @throws TinyfitError (one line) when the channels reach a branch, a concat, a binary op of two
 *   activations, a reshape other than a flatten or a squeeze of leading axes, or a model output
 */
export function pruneFilters(g: Graph, opts: PruneFiltersOptions): { graph: Graph; removed: number[] } {
  const out = cloneGraph(g);
  const op = findLayer(out, opts.layer);
  const c = tensor(out, op.inputs[1]).shape[0];
  const drop = chooseDrop(out, opts, c);
  let keep = complement(c, drop);
  sliceConstInput(out, op, 1, 0, keep);
  if (op.inputs.length > 2) sliceConstInput(out, op, 2, 0, keep);

  let channels = c; // channel count along the last axis before pruning, at the current tensor
  let layout: Layout = { kind: 'channels' };
  let cur = op.outputs[0];
  const resize = (id: number): void => {
    const t = tensor(out, id);
    if (layout.kind === 'channels') t.shape[t.shape.length - 1] = keep.length;
    else t.shape = [...t.shape.slice(0, -1), layout.positions * keep.length];
  };
  resize(cur);
  for (;;) {
    const name = tensor(out, cur).name;
    if (out.outputs.includes(cur)) fail(opts.layer, `its channels reach the model output '${name}'`);
    const readers = consumers(out).get(cur) ?? [];
    if (readers.length !== 1) fail(opts.layer, `tensor '${name}' branches to ${readers.length} readers`);
    const r = readers[0];
    if (r.inputs.indexOf(cur) !== 0 || r.inputs.lastIndexOf(cur) !== 0) fail(opts.layer, `'${r.name}' (${r.kind}) reads '${name}' with another operand`);
    const rank = tensor(out, cur).shape.length;
    if (r.kind === 'conv2d' || (r.kind === 'dense' && layout.kind === 'channels')) {
      sliceConstInput(out, r, 1, r.kind === 'conv2d' ? 3 : 1, keep);
      if (r.kind === 'conv2d' && r.attrs.pre) [3, 4].forEach((i) => sliceConstInput(out, r, i, 0, keep));
      break;
    }
    if (r.kind === 'dense' && layout.kind === 'flat') {
      const cols: number[] = [];
      for (let p = 0; p < layout.positions; p++) for (const k of keep) cols.push(p * channels + k);
      sliceConstInput(out, r, 1, 1, cols);
      break;
    }
    if (layout.kind === 'flat' && r.kind !== 'activation' && r.kind !== 'identity') fail(opts.layer, `'${r.name}' (${r.kind}) follows the flatten`);
    if (r.kind === 'affine') {
      if ((r.attrs.axis < 0 ? r.attrs.axis + rank : r.attrs.axis) !== rank - 1) fail(opts.layer, `'${r.name}' scales another axis than the channels`);
      sliceConstInput(out, r, 1, 0, keep);
      sliceConstInput(out, r, 2, 0, keep);
    } else if (r.kind === 'prelu') {
      const a = tensor(out, r.inputs[1]);
      if (numel(a.shape) !== 1) {
        if (a.shape[a.shape.length - 1] !== channels) fail(opts.layer, `'${r.name}' has alphas that are not per channel`);
        sliceConstInput(out, r, 1, a.shape.length - 1, keep);
      }
    } else if (r.kind === 'depthwise_conv2d') {
      const m = r.attrs.depthMultiplier;
      keep = keep.flatMap((k) => Array.from({ length: m }, (_, j) => k * m + j));
      channels *= m;
      sliceConstInput(out, r, 1, 3, keep);
      if (r.inputs.length > 2) sliceConstInput(out, r, 2, 0, keep);
    } else if (r.kind === 'reshape') {
      const from = tensor(out, cur).shape;
      const to = tensor(out, r.outputs[0]).shape;
      if (to[to.length - 1] === channels && numel(to) === (numel(from) / keep.length) * channels) {
        // only leading axes change (e.g. [1,1,C] → [C]): channels stay last
      } else if (to.length === 1) {
        layout = { kind: 'flat', positions: numel(from) / keep.length };
      } else fail(opts.layer, `reshape '${r.name}' moves the channel axis`);
    } else if (!CHANNEL_PRESERVING.has(r.kind)) fail(opts.layer, `'${r.name}' (${r.kind}) cannot be rewritten`);
    cur = r.outputs[0];
    resize(cur);
  }
  pruneTensors(out);
  validateGraph(out);
  return { graph: out, removed: [...drop].sort((a, b) => a - b) };
}

/** Multiply-accumulates per inference of the whole graph (the sum of src/ir/stats's per-op figures). */
export function graphMacs(g: Graph): number {
  return graphStats(g).reduce((s, o) => s + o.macs, 0);
}

