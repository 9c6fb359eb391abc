/**
 * What a patch split costs and saves: the multiply-accumulates the patches recompute in their overlapping halos,
 * the bytes of the per-patch buffers, and how far below the graph input the split tensor may start so that the
 * patches, in raster order, only overwrite input bytes no later patch reads.
 */
import { numel, tensor } from '../../ir/graph';
import { opDef } from '../../ir/ops';
import { OpDef } from '../../ir/ops/def';
import { Graph, Op, OpKind } from '../../ir/types';
import { PatchRegions, PatchSpec, Region, regionSize } from './receptive';

/** MACs of an op whose output has the given shape. */
function macsAt(g: Graph, op: Op, out: readonly number[]): number {
  const ins = op.inputs.map((id) => tensor(g, id).shape);
  return (opDef(op) as OpDef<OpKind>).macs(op as never, ins, out);
}

/** MACs of the whole graph (every op at its full output shape). */
export function graphMacs(g: Graph): number {
  return g.ops.reduce((s, op) => s + macsAt(g, op, tensor(g, op.outputs[0]).shape), 0);
}

/** MACs the stage spends patch by patch minus what it spends unpatched (≥ 0): the recomputation overhead. */
export function extraMacs(g: Graph, spec: PatchSpec, patches: readonly PatchRegions[]): number {
  let extra = 0;
  for (let l = 0; l < spec.length; l++) {
    const op = g.ops[l];
    const y = tensor(g, op.outputs[0]);
    const full = macsAt(g, op, y.shape);
    const patched = patches.reduce((s, p) => s + macsAt(g, op, [...regionSize(p.outputs[l]), y.shape[2]]), 0);
    extra += patched - full;
  }
  return extra;
}

/**
 * Bytes of the two per-patch ping-pong buffers: stage op l < length − 1 writes its patch output into buffer
 * l mod 2 (the last op writes into the full split tensor), so each holds the largest region it ever receives.
 */
export function pingPongBytes(g: Graph, spec: PatchSpec, patches: readonly PatchRegions[]): [number, number] {
  const sizes: [number, number] = [0, 0];
  for (let l = 0; l < spec.length - 1; l++) {
    const c = tensor(g, g.ops[l].outputs[0]).shape[2];
    for (const p of patches) {
      const [h, w] = regionSize(p.outputs[l]);
      sizes[l % 2] = Math.max(sizes[l % 2], h * w * c);
    }
  }
  return sizes;
}

/** Byte offset (in an HWC tensor of width w and c channels) of a region's first and one past its last byte. */
function byteSpan(r: Region, w: number, c: number): [number, number] {
  return [(r.r0 * w + r.c0) * c, ((r.r1 - 1) * w + r.c1) * c];
}

/**
 * The largest d = offset(split) − offset(input) at which the split tensor may start, overlapping the input, and
 * the patches (run in order) still never overwrite input bytes that they or a later patch read: for every patch
 * p, d + (end of everything written up to p) ≤ (start of everything read from p on).
 */
export function splitBelowInput(g: Graph, spec: PatchSpec, patches: readonly PatchRegions[]): number {
  const x = tensor(g, g.inputs[0]);
  const y = tensor(g, g.ops[spec.length - 1].outputs[0]);
  const readFrom = new Array<number>(patches.length + 1).fill(numel(x.shape) * 1);
  for (let i = patches.length - 1; i >= 0; i--) readFrom[i] = Math.min(readFrom[i + 1], byteSpan(patches[i].input, x.shape[1], x.shape[2])[0]);
  let written = 0;
  let d = Infinity;
  patches.forEach((p, i) => {
    written = Math.max(written, byteSpan(p.outputs[spec.length - 1], y.shape[1], y.shape[2])[1]);
    d = Math.min(d, readFrom[i] - written);
  });
  return d;
}
