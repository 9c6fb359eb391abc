/**
 * Patch-based execution in the int8 reference interpreter: the stage of a patch plan (src/plan/patch) runs patch by
 * patch, each op on a cropped copy of exactly the region its patch needs (per-patch padding only at the tensor's
 * border), each patch's part of the split tensor pasted into the full tensor; the rest of the graph runs as usual.
 * It must compute the same bytes as runInt8: the tests compare them, which checks the receptive-field regions.
 */
import { numel, tensor } from '../ir/graph';
import { Graph, Op, OpKind, Tensor } from '../ir/types';
import { windowOf, PatchRegions, PatchSpec, Region, regionSize, patchRegions } from '../plan/patch/receptive';
import { Int8Io, Int8Kernel, Int8Value } from './kernel';
import { referenceOf } from './registry';
import { runInt8All } from './runInt8';

/** Copies a region of an HWC int8 tensor of width `w` and `c` channels into a compact array. */
export function cropRegion(x: Int8Array, w: number, c: number, r: Region): Int8Array {
  const [h, rw] = regionSize(r);
  const out = new Int8Array(h * rw * c);
  for (let y = 0; y < h; y++) out.set(x.subarray(((r.r0 + y) * w + r.c0) * c, ((r.r0 + y) * w + r.c1) * c), y * rw * c);
  return out;
}

/** Writes a compact region back into an HWC int8 tensor of width `w` and `c` channels. */
function pasteRegion(dst: Int8Array, w: number, c: number, r: Region, src: Int8Array): void {
  const [h, rw] = regionSize(r);
  for (let y = 0; y < h; y++) dst.set(src.subarray(y * rw * c, (y + 1) * rw * c), ((r.r0 + y) * w + r.c0) * c);
}

/**
 * The padding (top, left, bottom, right) that makes a windowed op map its cropped input region `inR` to exactly
 * its output region `outR`: the original padding where the region touches the border, 0 inside.
 */
export function patchPadding(g: Graph, op: Op, inR: Region, outR: Region): { top: number; left: number; bottom: number; right: number } {
  const win = windowOf(g, op);
  const axis = (i: 0 | 1, o0: number, o1: number, i0: number, i1: number): [number, number] => {
    const before = win.pad[i] - o0 * win.s[i] + i0;
    const after = (o1 - o0 - 1) * win.s[i] + (win.k[i] - 1) * win.d[i] + 1 - (i1 - i0) - before;
    if (before < 0 || after < 0) throw new Error(`internal: patch region of op '${op.name}' does not cover its window`);
    return [before, after];
  };
  const [top, bottom] = axis(0, outR.r0, outR.r1, inR.r0, inR.r1);
  const [left, right] = axis(1, outR.c0, outR.c1, inR.c0, inR.c1);
  return { top, left, bottom, right };
}

/** Runs one stage op of one patch on its cropped input region; returns its output region's values. */
function runPatchOp(g: Graph, op: Op, x: Int8Array, inR: Region, outR: Region, rounding: 'double' | 'single' | 'shift'): Int8Array {
  const sub = { ...op, attrs: { ...op.attrs, pad: patchPadding(g, op, inR, outR) } } as Op;
  const xt = tensor(g, op.inputs[0]);
  const yt = tensor(g, op.outputs[0]);
  const io: Int8Io = {
    x: (i) => (i === 0 ? x : (tensor(g, op.inputs[i]).data as unknown as Int8Array)),
    v: (i) => (i === 0 ? x : op.inputs[i] === undefined ? undefined : (tensor(g, op.inputs[i]).data as Int8Value | undefined)),
    t: (i): Tensor => (i === 0 ? { ...xt, shape: [...regionSize(inR), xt.shape[2]] } : tensor(g, op.inputs[i])),
    y: { ...yt, shape: [...regionSize(outR), yt.shape[2]] },
    opts: { rounding },
  };
  return (referenceOf(op.kind).int8 as Int8Kernel<OpKind>)(sub as never, io) as Int8Array;
}

/** Runs the patch stage of `spec` on the graph input: the full split tensor (the stage's last output). */
export function runPatchStage(g: Graph, spec: PatchSpec, input: Int8Array, patches: readonly PatchRegions[] = patchRegions(g, spec)): Int8Array {
  const rounding = g.quantization?.rounding ?? 'double';
  const xt = tensor(g, g.inputs[0]);
  const yt = tensor(g, g.ops[spec.length - 1].outputs[0]);
  const split = new Int8Array(numel(yt.shape));
  for (const p of patches) {
    let cur = cropRegion(input, xt.shape[1], xt.shape[2], p.input);
    let curR = p.input;
    for (let l = 0; l < spec.length; l++) {
      cur = runPatchOp(g, g.ops[l], cur, curR, p.outputs[l], rounding);
      curR = p.outputs[l];
    }
    pasteRegion(split, yt.shape[1], yt.shape[2], curR, cur);
  }
  return split;
}

/**
 * Runs an int8 graph with its first `spec.length` ops patch by patch (the graph's ops in the planned order);
 * returns the outputs in `g.outputs` order, which must equal runInt8's.
 */
export function runInt8Patched(g: Graph, spec: PatchSpec, inputs: readonly Int8Value[]): Int8Value[] {
  const split = runPatchStage(g, spec, inputs[0] as Int8Array);
  const splitId = g.ops[spec.length - 1].outputs[0];
  const vals = runInt8All({ ...g, ops: g.ops.slice(spec.length), inputs: [splitId] }, [split]);
  return g.outputs.map((id) => vals.get(id) as Int8Value);
}
