/**
 * Chooses the patch stage: which split (the op after which the network runs normally) and which grid of patches.
 * Under a RAM budget the split with the least recomputation that fits wins; without one, the smallest arena
 * within the allowed recomputation overhead. An unpatched plan stays when no split beats it.
 */
import { TinyfitError } from '../../errors';
import { numel, tensor } from '../../ir/graph';
import { Graph } from '../../ir/types';
import type { MemoryPlan, PlanOptions } from '../index';
import { extraMacs, graphMacs, pingPongBytes, splitBelowInput } from './cost';
import { planPatched } from './plan';
import { patchableChain, patchRegions, PatchSpec } from './receptive';

/** A split given by the user: the last stage op (index in the planned order, or name) and the grid of patches. */
export interface PatchSplit {
  split: number | string;
  grid: number | [number, number];
}

/** The `patches` plan option: 'off' (default), 'auto' (the chooser), or a given split. */
export type PatchOption = 'off' | 'auto' | PatchSplit;

/**
 * Default largest recomputation overhead 'auto' accepts, % of the model's MACs. Each patch also pays the kernels'
 * per-call costs (window set-up, a depthwise channel's line ring), which weigh more the faster the MACs are: on
 * Cortex-M4 with the DSP kernels, VWW measured +12.5 % instructions for +3.5 % MACs (5x3 patches), +16.9 % for
 * +4.8 % (6x4) and +24 % for +7.4 % (9x5) (docs/patch-inference.md).
 */
export const DEFAULT_PATCH_MAX_OVERHEAD = 4;

/** Largest grid side the chooser tries. */
const MAX_GRID = 12;

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

/**
 * Every candidate split of the chain (grids of 1…12 rows by 1…12 columns that fit the split tensor, not 1×1)
 * whose recomputation is at most `cap` MACs, with a floor of its arena: the input, the ping-pong buffers and the
 * part of the split tensor that must start below the input. Longer stages only add recomputation, so the search
 * stops at the first length whose 1×2 and 2×1 grids already exceed the cap.
 */
function candidates(g: Graph, cap: number): { spec: PatchSpec; extra: number; floor: number }[] {
  const out: { spec: PatchSpec; extra: number; floor: number }[] = [];
  const inputBytes = numel(tensor(g, g.inputs[0]).shape);
  const chain = patchableChain(g);
  for (let L = 1; L <= chain; L++) {
    const y = tensor(g, g.ops[L - 1].outputs[0]);
    const coarse = [[1, 2], [2, 1]].filter(([n, m]) => n <= y.shape[0] && m <= y.shape[1]);
    const cost = (spec: PatchSpec) => extraMacs(g, spec, patchRegions(g, spec, chain));
    if (coarse.length && coarse.every(([n, m]) => cost({ length: L, grid: [n, m] }) > cap)) break;
    for (let n = 1; n <= Math.min(MAX_GRID, y.shape[0]); n++) {
      for (let m = n === 1 ? 2 : 1; m <= Math.min(MAX_GRID, y.shape[1]); m++) {
        const spec: PatchSpec = { length: L, grid: [n, m] };
        const patches = patchRegions(g, spec, chain);
        const extra = extraMacs(g, spec, patches);
        if (extra > cap) continue;
        const [a, b] = pingPongBytes(g, spec, patches);
        const below = Math.min(Math.max(0, -splitBelowInput(g, spec, patches)), numel(y.shape));
        out.push({ spec, extra, floor: inputBytes + a + b + below });
      }
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
  // Under a budget the least recomputation first (the first split that fits wins); else the lowest floor first
  // (the search ends when no floor is below the best arena found).
  const cands = candidates(g, cap).sort(budget !== undefined ? (a, b) => a.extra - b.extra || a.floor - b.floor : (a, b) => a.floor - b.floor || a.extra - b.extra);
  let best: MemoryPlan = base;
  for (const c of cands) {
    if (c.floor >= best.arenaBytes) {
      if (budget === undefined) break;
      continue;
    }
    const plan = planPatched(g, c.spec, opts, base, Date.now() + 20);
    const better = plan && (plan.arenaBytes < best.arenaBytes || (plan.arenaBytes === best.arenaBytes && best.patch && plan.patch && plan.patch.extraMacs < best.patch.extraMacs));
    if (!plan || !better) continue;
    best = plan;
    if (budget !== undefined && plan.arenaBytes <= budget) break; // the cheapest split that fits
  }
  if (best === base || !best.patch) return base;
  return planPatched(g, best.patch.spec, opts, base, Math.min(deadline, Date.now() + 300)) ?? best;
}
