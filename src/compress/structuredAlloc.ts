/**
 * How many filters/units each layer keeps to reach a MAC target. The MACs of a candidate allocation are
 * predicted from the per-op MACs of the model's IR graph (src/ir/stats, the figures `graphMacs` totals): a
 * conv2d/dense op scales with the kept fraction of its input channels times that of its outputs, every other op
 * with the kept fraction of the channels it carries — exact for the layers structured pruning rewrites. The
 * allocation is greedy: remove, one at a time, the filter with the lowest importance per MAC it saves, where
 * importance is the filter's score divided by its layer's mean score (so layers of different fan-in compare).
 */
import { graphStats } from '../ir/stats';
import type { Graph } from '../ir/types';
import type { ChannelStep, ModelTopology } from './tfChannels';

/** Per-op MACs of a graph, each tied to the TF layers whose kept fractions scale it. */
export interface MacModel {
  terms: Array<{ macs: number; factors: string[] }>;
  /** Current output width of each candidate layer. */
  width: Map<string, number>;
}

/** The TF layer an IR op came from: the longest layer name equal to the op's name or a '/'-prefix of it. */
function layerOfOp(opName: string, layers: readonly string[]): string | undefined {
  let best: string | undefined;
  for (const l of layers) if ((opName === l || opName.startsWith(`${l}/`)) && (!best || l.length > best.length)) best = l;
  return best;
}

/**
 * Builds the MAC model of `g` (the graph of the model described by `topo`) for pruning the `paths`' layers.
 */
export function macModel(g: Graph, topo: ModelTopology, paths: ReadonlyMap<string, ChannelStep[]>, width: ReadonlyMap<string, number>): MacModel {
  const group = new Map<string, string>(); // layer → candidate whose channels its output carries
  for (const [p, steps] of paths) {
    group.set(p, p);
    for (const s of steps) if (s.kind !== 'conv-in' && s.kind !== 'dense-in') group.set(s.layer, p);
  }
  const terms = graphStats(g).map((st, i) => {
    const layer = layerOfOp(g.ops[i].name, topo.order);
    const node = layer === undefined ? undefined : topo.nodes.get(layer);
    if (!node || st.macs === 0) return { macs: st.macs, factors: [] };
    const inGroup = node.inputs.length === 1 ? group.get(node.inputs[0]) : undefined;
    const weighted = node.className === 'Conv2D' || node.className === 'Dense';
    const own = weighted && paths.has(node.name) ? node.name : undefined;
    const mainOp = st.kind === 'conv2d' || st.kind === 'dense';
    const factors = weighted ? [...(mainOp && inGroup ? [inGroup] : []), ...(own ? [own] : [])] : inGroup ? [inGroup] : [];
    return { macs: st.macs, factors };
  });
  return { terms, width: new Map(width) };
}

/** Predicted MACs when each candidate layer keeps `counts` of its current width. */
export function predictMacs(m: MacModel, counts: ReadonlyMap<string, number>): number {
  let s = 0;
  for (const t of m.terms) {
    let v = t.macs;
    for (const f of t.factors) v *= (counts.get(f) ?? m.width.get(f)!) / m.width.get(f)!;
    s += v;
  }
  return s;
}

/**
 * Greedy allocation: starting from `start` counts, removes the filter with the lowest normalized score per MAC
 * saved from the `free` layers until the predicted MACs are at most `target`, never going below `min`.
 * @param scores per free layer, importance of each current filter (higher = more important)
 */
export function allocateGreedy(
  m: MacModel,
  start: ReadonlyMap<string, number>,
  free: ReadonlyMap<string, { scores: Float64Array; min: number }>,
  target: number,
): Map<string, number> {
  const counts = new Map(start);
  const sorted = new Map<string, number[]>();
  for (const [l, f] of free) {
    const mean = f.scores.reduce((a, b) => a + b, 0) / f.scores.length || 1;
    sorted.set(l, Array.from(f.scores, (v) => v / mean).sort((a, b) => a - b));
  }
  let macs = predictMacs(m, counts);
  while (macs > target) {
    let best: string | undefined;
    let bestValue = Infinity;
    let bestMacs = macs;
    for (const [l, f] of free) {
      const n = counts.get(l)!;
      if (n <= f.min) continue;
      counts.set(l, n - 1);
      const after = predictMacs(m, counts);
      counts.set(l, n);
      const saved = macs - after;
      if (saved <= 0) continue;
      const removedSoFar = m.width.get(l)! - n; // ascending: the next filter to go
      const value = sorted.get(l)![removedSoFar] / saved;
      if (value < bestValue) [best, bestValue, bestMacs] = [l, value, after];
    }
    if (!best) break;
    counts.set(best, counts.get(best)! - 1);
    macs = bestMacs;
  }
  return counts;
}
