/**
 * Chooses the patch stage: which split (the op after which the network runs normally) and which grid of patches.
 * Under a RAM budget the split with the least recomputation that fits wins; without one, the smallest arena
 * within the allowed recomputation overhead. An unpatched plan stays when no split beats it.
 */
import { TinyfitError } from '../../errors';
import { tensor } from '../../ir/graph';
import { Graph } from '../../ir/types';
import type { MemoryPlan, PlanOptions } from '../index';
import { extraMacs, graphMacs, pingPongBytes } from './cost';
import { planPatched } from './plan';
import { patchableChain, patchRegions, PatchSpec } from './receptive';

/** A split given by the user: the last stage op (index in the planned order, or name) and the grid of patches. */
export interface PatchSplit {
  split: number | string;
  grid: number | [number, number];
}

/** The `patches` plan option: 'off' (default), 'auto' (the chooser), or a given split. */
export type PatchOption = 'off' | 'auto' | PatchSplit;

/** Default largest recomputation overhead 'auto' accepts, % of the model's MACs. */
export const DEFAULT_PATCH_MAX_OVERHEAD = 15;

/** Largest grid side the chooser tries. */
const MAX_GRID = 8;

/** The stage spec of a user-given split. @throws TinyfitError when the split is not in the patchable chain */
export function specOf(g: Graph, s: PatchSplit): PatchSpec {
  const chain = patchableChain(g);
  const idx = typeof s.split === 'number' ? s.split : g.ops.findIndex((op) => op.name === s.split);
  if (idx < 0 || idx >= chain) {
    const last = chain > 0 ? `0 … ${chain - 1} ('${g.ops[0].name}' … '${g.ops[chain - 1].name}')` : 'none: the model does not start with conv2d/depthwise_conv2d/pool2d on its only input';
    throw new TinyfitError(`patch split '${s.split}' is not an op of the patchable first layers; possible splits: ${last}`);
  }
  const grid: [number, number] = typeof s.grid === 'number' ? [s.grid, s.grid] : s.grid;
  const y = tensor(g, g.ops[idx].outputs[0]);
  if (!grid.every((n) => Number.isInteger(n) && n >= 1) || grid[0] > y.shape[0] || grid[1] > y.shape[1]) {
    throw new TinyfitError(`patch grid ${grid.join('x')} does not fit the ${y.shape[0]}x${y.shape[1]} output of '${g.ops[idx].name}'`);
  }
  return { length: idx + 1, grid };
}

/** Every candidate split of the chain (square grids 2…8 that fit the split tensor), with its overhead in MACs. */
function candidates(g: Graph): { spec: PatchSpec; extra: number; floor: number }[] {
  const out: { spec: PatchSpec; extra: number; floor: number }[] = [];
  const inputBytes = tensor(g, g.inputs[0]).shape.reduce((a, b) => a * b, 1);
  for (let L = 1; L <= patchableChain(g); L++) {
    const y = tensor(g, g.ops[L - 1].outputs[0]);
    for (let n = 2; n <= Math.min(MAX_GRID, y.shape[0], y.shape[1]); n++) {
      const spec: PatchSpec = { length: L, grid: [n, n] };
      const patches = patchRegions(g, spec);
      const [a, b] = pingPongBytes(g, spec, patches);
      out.push({ spec, extra: extraMacs(g, spec, patches), floor: inputBytes + a + b });
    }
  }
  return out;
}

/**
 * The plan with patches as `opts.patches` asks: the given split, or for 'auto' the chosen one (or `base` when
 * no split helps).
 * @param base the unpatched plan of `g`
 * @param deadline Date.now() by which the search must end (each candidate gets a share; the winner is re-solved)
 */
export function withPatches(g: Graph, base: MemoryPlan, opts: PlanOptions, deadline: number): MemoryPlan {
  const want = opts.patches ?? 'off';
  if (want === 'off') return base;
  if (want !== 'auto') {
    const plan = planPatched(g, specOf(g, want), opts, base, deadline);
    if (!plan) throw new TinyfitError(`patch split '${want.split}' cannot be planned (an empty patch region or a strided split tensor)`);
    return plan;
  }
  const total = graphMacs(g);
  const cap = ((opts.patchMaxOverhead ?? DEFAULT_PATCH_MAX_OVERHEAD) / 100) * total;
  const budget = opts.ramBudget;
  if (budget !== undefined && base.arenaBytes <= budget) return base;
  const cands = candidates(g)
    .filter((c) => c.extra <= cap)
    .sort((a, b) => a.extra - b.extra || a.floor - b.floor);
  let best: MemoryPlan = base;
  for (const [i, c] of cands.entries()) {
    if (c.floor >= best.arenaBytes) continue;
    const share = Math.min(60, Math.max(5, (deadline - Date.now()) / (cands.length - i)));
    const plan = planPatched(g, c.spec, opts, base, Date.now() + share);
    if (!plan || plan.arenaBytes >= best.arenaBytes) continue;
    best = plan;
    if (budget !== undefined && plan.arenaBytes <= budget) break; // the cheapest split that fits
  }
  if (best === base || !best.patch) return base;
  return planPatched(g, best.patch.spec, opts, base, Math.max(deadline, Date.now() + 200)) ?? best;
}
