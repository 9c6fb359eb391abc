/**
 * The memory plan of a patch-based schedule: the stage (the first ops, run patch by patch) counts as one span of
 * steps in which the graph input, the full split tensor and two per-patch ping-pong buffers are live; the rest of
 * the graph is planned as usual (in-place ops, write-behind overlaps…) with the split tensor as its input. The
 * split tensor may start below the input and overlap it, as far as the raster order of the patches allows.
 */
import { numel, tensor } from '../../ir/graph';
import { Graph } from '../../ir/types';
import { PlanBuild } from '../build';
import type { MemoryPlan, PlanOptions } from '../index';
import { alignUp, PairRule, PlanBuffer } from '../problem';
import { solveVariants, techniqueVariants } from '../variants';
import { extraMacs, graphMacs, pingPongBytes, splitBelowInput } from './cost';
import { PatchRegions, patchRegions, PatchSpec, regionSize } from './receptive';

/** The patch stage of a plan: what code generation needs to emit it and what the reports show. */
export interface PatchSchedule {
  spec: PatchSpec;
  /** Every patch's regions, in execution order. */
  patches: PatchRegions[];
  /** Arena offsets and bytes of the two ping-pong buffers (stage op l < length − 1 writes into l mod 2). */
  pingPong: [number, number];
  pingPongBytes: [number, number];
  /** MACs recomputed in the patches' overlapping halos, and as a percentage of the whole model's MACs. */
  extraMacs: number;
  overheadPercent: number;
}

/**
 * Plans graph `g` (int8, ops in execution order) with the given patch stage.
 * @param base the unpatched plan of the same graph (its lower bound and TFLM baseline are kept for reports)
 * @param deadline Date.now() by which solving must end
 * @returns the plan, or undefined when the split cannot be planned (an empty patch region, a strided split tensor)
 */
export function planPatched(g: Graph, spec: PatchSpec, opts: PlanOptions, base: MemoryPlan, deadline: number): MemoryPlan | undefined {
  const patches = patchRegions(g, spec);
  if (patches.some((p) => [p.input, ...p.outputs].some((r) => r.r1 <= r.r0 || r.c1 <= r.c0))) return undefined;
  const L = spec.length;
  const splitId = g.ops[L - 1].outputs[0];
  const inputId = g.inputs[0];
  const suffix: Graph = { ...g, ops: g.ops.slice(L), inputs: [splitId] };
  const sizes = pingPongBytes(g, spec, patches);
  const below = splitBelowInput(g, spec, patches);
  const align = base.align;
  const adapt = (b: PlanBuild): PlanBuild | undefined => {
    const st = b.storage.get(splitId);
    if (!st || st.elemOffset !== 0 || st.pixelStride !== 0) return undefined;
    const buffers: PlanBuffer[] = b.problem.buffers.map((x) => ({ ...x, first: x.first + L, last: x.last + L }));
    buffers[st.buffer].first = 0;
    const add = (bytes: number, label: string, kind: PlanBuffer['kind'], tensors: number[]): number => {
      buffers.push({ id: buffers.length, bytes: alignUp(bytes, align), first: 0, last: L - 1, label, tensors, kind });
      return buffers.length - 1;
    };
    const inBuf = add(numel(tensor(g, inputId).shape), tensor(g, inputId).name, 'activation', [inputId]);
    const ping = sizes.map((n, i) => (n > 0 ? add(n, `patch buffer ${'AB'[i]}: ${g.ops[0].name}…`, 'scratch', []) : -1));
    const rules: PairRule[] = [...b.problem.rules];
    // d = off(split) − off(input): at most `below` (patches write behind the input they still read) or disjoint.
    const lo = Math.floor(below / align) * align;
    const hi = buffers[inBuf].bytes;
    if (lo > -buffers[st.buffer].bytes && lo < hi) rules.push({ a: inBuf, b: st.buffer, forbidden: [[lo, hi]], reason: `patch stage writes the split tensor behind the input rows it has read` });
    const storage = new Map(b.storage);
    storage.set(inputId, { buffer: inBuf, elemOffset: 0, pixelStride: 0 });
    const out: PlanBuild = { ...b, problem: { buffers, steps: Math.max(g.ops.length, 1), align, rules }, storage };
    pingOf.set(out, ping);
    return out;
  };
  const pingOf = new Map<PlanBuild, number[]>();
  const elemBytes = base.elemBytes;
  const { build, solved } = (() => {
    try {
      return solveVariants(suffix, techniqueVariants(opts, align, elemBytes), opts.algorithms, deadline, adapt);
    } catch {
      return { build: undefined, solved: undefined };
    }
  })();
  if (!build || !solved) return undefined;
  const offsets = new Map<number, number>();
  for (const [id, st] of build.storage) offsets.set(id, solved.best.offsets[st.buffer] + st.elemOffset * elemBytes(tensor(g, id)));
  const pingBuf = pingOf.get(build) as number[];
  const extra = extraMacs(g, spec, patches);
  return {
    ...base,
    graph: g,
    arenaBytes: solved.best.arenaBytes,
    problem: build.problem,
    placement: solved.best,
    build,
    offsets,
    optimal: solved.optimal,
    patch: {
      spec,
      patches,
      pingPong: [pingBuf[0] < 0 ? 0 : solved.best.offsets[pingBuf[0]], pingBuf[1] < 0 ? 0 : solved.best.offsets[pingBuf[1]]],
      pingPongBytes: sizes,
      extraMacs: extra,
      overheadPercent: (100 * extra) / Math.max(graphMacs(g), 1),
    },
  };
}

/** Rows × columns of the split tensor's largest patch (for reports). */
export function largestPatch(s: PatchSchedule): [number, number] {
  return s.patches.map((p) => regionSize(p.outputs[s.spec.length - 1])).reduce((a, b) => (a[0] * a[1] >= b[0] * b[1] ? a : b));
}

/**
 * One line describing a plan's patch stage for reports (e.g. the CLI's `plan` and `generate`): the stage's ops, the
 * grid, the split tensor, the recomputation and the per-patch buffers.
 */
export function patchSummary(g: Graph, s: PatchSchedule): string {
  const L = s.spec.length;
  const split = tensor(g, g.ops[L - 1].outputs[0]);
  const [h, w] = largestPatch(s);
  const nf = (n: number) => n.toLocaleString('en-US');
  return (
    `patches: ops 0–${L - 1} ('${g.ops[0].name}' … '${g.ops[L - 1].name}') run in ${s.spec.grid.join('x')} patches ` +
    `(up to ${h}x${w}) of the ${split.shape.join('x')} split tensor; recomputation +${s.overheadPercent.toFixed(2)} % MACs ` +
    `(${nf(s.extraMacs)}); per-patch buffers ${nf(s.pingPongBytes[0])} + ${nf(s.pingPongBytes[1])} B`
  );
}
