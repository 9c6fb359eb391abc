/** The memory-saving technique variants the planner solves, and the loop that keeps the smallest arena. */
import { Graph, Tensor } from '../ir/types';
import { BuildOptions, buildProblem, PlanBuild } from './build';
import type { PlanOptions } from './index';
import { solvePlacement } from './solve';
import { opWriteAhead, opWriteBehind } from './writeBehind';

/**
 * The technique combinations planMemory tries, most techniques first: each technique can lengthen some lifetime
 * (a concat view lives from its first producer on), so variants with fewer techniques are solved too and the
 * smallest arena wins. The last one is plain buffers.
 */
export function techniqueVariants(opts: PlanOptions, align: number, elemBytes: (t: Tensor) => number): BuildOptions[] {
  const plainOpts: BuildOptions = { align, elemBytes, inPlace: false, zeroCopyConcat: false };
  const full: BuildOptions = {
    align,
    elemBytes,
    inPlace: opts.inPlace ?? true,
    zeroCopyConcat: opts.zeroCopyConcat ?? opts.inPlace ?? true,
    writeBehind: (opts.writeBehind ?? opts.inPlace ?? true) ? opWriteBehind : undefined,
    writeAhead: (opts.writeBehind ?? opts.inPlace ?? true) ? opWriteAhead : undefined,
  };
  return [full, { ...full, zeroCopyConcat: false }, { ...full, writeBehind: undefined, writeAhead: undefined }, plainOpts];
}

/**
 * Builds and solves the problem of every distinct technique variant (sharing what is left of the time budget),
 * after `adapt` (which may rewrite a build, e.g. for a patch stage, or reject it with undefined); returns the
 * smallest arena. `known` is a build of the last (plain) variant already made.
 */
export function solveVariants(
  graph: Graph,
  variants: BuildOptions[],
  algorithms: string[] | undefined,
  deadline: number,
  adapt: (b: PlanBuild) => PlanBuild | undefined,
  known?: PlanBuild,
): { build: PlanBuild; solved: ReturnType<typeof solvePlacement> } {
  let best: { build: PlanBuild; solved: ReturnType<typeof solvePlacement> } | undefined;
  const seen = new Set<string>();
  for (const [i, v] of variants.entries()) {
    const sig = `${v.inPlace}/${v.zeroCopyConcat}/${v.writeBehind ? 1 : 0}`;
    if (seen.has(sig)) continue;
    seen.add(sig);
    const b = adapt(known && i === variants.length - 1 ? known : buildProblem(graph, v));
    if (!b) continue;
    // Share what is left of the budget among the variants still to solve.
    const share = Math.max(0, deadline - Date.now()) / (variants.length - i);
    const s = solvePlacement(b.problem, { algorithms, timeCapMs: share });
    if (!best || s.best.arenaBytes < best.solved.best.arenaBytes) best = { build: b, solved: s };
  }
  if (!best) throw new Error('internal: no plan variant could be built');
  return best;
}

