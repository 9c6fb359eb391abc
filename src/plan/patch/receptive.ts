/**
 * Receptive-field analysis for patch-based inference (MCUNetV2, Lin et al. 2021): the leading chain of windowed
 * ops (conv2d, depthwise_conv2d, pool2d) that may run patch by patch, and for each spatial patch of the split
 * tensor (the last stage op's output) the region of every stage tensor it needs, found by propagating the window
 * (kernel, stride, dilation, padding) backwards and clipping to the tensor.
 */
import { consumers, tensor } from '../../ir/graph';
import { opDef } from '../../ir/ops';
import { Graph, Op } from '../../ir/types';

/** Op kinds a patch stage may contain. */
export const PATCH_KINDS: readonly string[] = ['conv2d', 'depthwise_conv2d', 'pool2d'];

/** A rectangle of an HWC tensor: rows [r0, r1), columns [c0, c1). */
export interface Region {
  r0: number;
  r1: number;
  c0: number;
  c1: number;
}

/** The window of a stage op along H and W. */
export interface Window {
  k: [number, number];
  s: [number, number];
  d: [number, number];
  pad: [number, number];
}

/** The regions one patch needs: `input` of the graph input, `outputs[l]` of stage op l's output. */
export interface PatchRegions {
  input: Region;
  outputs: Region[];
}

/** A split: the first `length` ops of the graph run patch by patch on a `grid` of the last one's output. */
export interface PatchSpec {
  /** Number of stage ops (the split tensor is the output of op length − 1). */
  length: number;
  /** Patches along H and W. */
  grid: [number, number];
}

/** Rows × columns of a region. */
export function regionSize(r: Region): [number, number] {
  return [r.r1 - r.r0, r.c1 - r.c0];
}

/** The window of a windowed op (its op-table geometry). */
export function windowOf(g: Graph, op: Op): Window {
  const w = opDef(op).memory.window?.(op as never, op.inputs.map((id) => tensor(g, id).shape));
  if (!w) throw new Error(`internal: op '${op.name}' (${op.kind}) has no window`);
  return { k: [w.kernel[0], w.kernel[1]], s: [w.strides[0], w.strides[1]], d: [w.dilations[0], w.dilations[1]], pad: [w.padTop, w.padLeft] };
}

/** Input cells [lo, hi) ∩ [0, n) that outputs [a, b) of a window along one axis read. */
function needed(a: number, b: number, k: number, s: number, d: number, pad: number, n: number): [number, number] {
  const lo = a * s - pad;
  const hi = (b - 1) * s - pad + (k - 1) * d + 1;
  return [Math.max(0, lo), Math.min(n, hi)];
}

/** The region of a windowed op's input (of height h, width w) that an output region reads. */
export function inputRegion(win: Window, out: Region, h: number, w: number): Region {
  const [r0, r1] = needed(out.r0, out.r1, win.k[0], win.s[0], win.d[0], win.pad[0], h);
  const [c0, c1] = needed(out.c0, out.c1, win.k[1], win.s[1], win.d[1], win.pad[1], w);
  return { r0, r1, c0, c1 };
}

/**
 * How many leading ops of `g` (in its order) form a chain that can run patch by patch: int8 conv2d (without
 * pre-activation), depthwise_conv2d or pool2d on HWC tensors, op 0 reading the graph's only input (read by no
 * other op), each op reading the previous op's output, every intermediate output read only by the next op and
 * not a graph output. A chain of n ops allows splits of length 1 … n (the last one's output may have any readers).
 */
export function patchableChain(g: Graph): number {
  if (g.inputs.length !== 1 || !g.quantization) return 0;
  const readers = consumers(g);
  const outputs = new Set(g.outputs);
  let prev = g.inputs[0];
  if ((readers.get(prev) ?? []).length !== 1 || outputs.has(prev)) return 0;
  let n = 0;
  for (const op of g.ops) {
    if (!PATCH_KINDS.includes(op.kind) || op.inputs[0] !== prev) break;
    if (op.kind === 'conv2d' && op.attrs.pre) break;
    const x = tensor(g, op.inputs[0]);
    const y = tensor(g, op.outputs[0]);
    if (x.shape.length !== 3 || y.shape.length !== 3 || x.dtype !== 'int8' || y.dtype !== 'int8') break;
    n++;
    prev = op.outputs[0];
    if ((readers.get(prev) ?? []).length !== 1 || outputs.has(prev)) break;
  }
  return n;
}

/** Splits [0, n) into `parts` near-equal consecutive ranges (empty ones dropped). */
function ranges(n: number, parts: number): [number, number][] {
  const out: [number, number][] = [];
  for (let i = 0; i < parts; i++) {
    const a = Math.floor((i * n) / parts);
    const b = Math.floor(((i + 1) * n) / parts);
    if (b > a) out.push([a, b]);
  }
  return out;
}

/**
 * The regions of every patch, in execution (raster) order: the split tensor cut into `grid` near-equal
 * rectangles, each propagated back through the stage to the graph input.
 * @param chain patchableChain(g), when the caller knows it
 * @throws Error (internal) when the spec is longer than the patchable chain
 */
export function patchRegions(g: Graph, spec: PatchSpec, chain = patchableChain(g)): PatchRegions[] {
  if (spec.length < 1 || spec.length > chain) throw new Error(`internal: a patch stage of ${spec.length} ops exceeds the patchable chain`);
  const ops = g.ops.slice(0, spec.length);
  const split = tensor(g, ops[ops.length - 1].outputs[0]);
  const wins = ops.map((op) => windowOf(g, op));
  const out: PatchRegions[] = [];
  for (const [r0, r1] of ranges(split.shape[0], spec.grid[0])) {
    for (const [c0, c1] of ranges(split.shape[1], spec.grid[1])) {
      const outputs: Region[] = new Array(ops.length);
      let r: Region = { r0, r1, c0, c1 };
      for (let l = ops.length - 1; l >= 0; l--) {
        outputs[l] = r;
        const x = tensor(g, ops[l].inputs[0]);
        r = inputRegion(wins[l], r, x.shape[0], x.shape[1]);
      }
      out.push({ input: r, outputs });
    }
  }
  return out;
}
