import { numel, tensor } from '../ir/graph';
import { Graph, Op, OpKind, Tensor } from '../ir/types';
import { MemoryPlan, runsInReverse } from './index';
import { writeAheadDistance, writeBehindDistance } from './overlap';

/** Byte footprint of a tensor in the arena: its span and, for views, its channel slice of the root. */
interface Footprint {
  start: number;
  end: number;
  /** Pixel stride and channel range in elements (contiguous tensors: stride = channels, range = all). */
  stride: number;
  c0: number;
  c1: number;
  eb: number;
}

/**
 * Ops that may write over their dying input at the same offset. Listed here rather than read from the op table on
 * purpose: the checker shares no assumption with the planner it checks.
 */
const IN_PLACE_KINDS: ReadonlySet<OpKind> = new Set<OpKind>(['activation', 'affine', 'prelu', 'softmax', 'binary', 'reshape']);
/** Ops whose output is their input's bytes under another shape. */
const ALIAS_KINDS: ReadonlySet<OpKind> = new Set<OpKind>(['reshape', 'identity']);

/**
 * Independent check of a memory plan against its graph, written without the planner's code: recomputes every
 * activation tensor's lifetime from the graph and, for every two tensors live at a common step whose bytes
 * intersect, demands a legal reason — a reshape alias, a view inside its concat, two disjoint channel slices of
 * one concat, an in-place op over its dying input at the same offset, the in-place depthwise kernel, or an
 * output written behind its dying input by at least the streaming distance. Returns readable violations.
 */
export function checkPlanAgainstGraph(plan: MemoryPlan): string[] {
  const g: Graph = plan.graph;
  const errors: string[] = [];
  const step = new Map<number, number>(); // tensor id → producer step
  const last = new Map<number, number>(); // tensor id → last read step
  const producer = new Map<number, Op>();
  const end = g.ops.length - 1;
  for (const id of g.inputs) step.set(id, 0);
  g.ops.forEach((op, s) => {
    for (const id of op.inputs) last.set(id, Math.max(last.get(id) ?? s, s));
    for (const id of op.outputs) {
      step.set(id, s);
      producer.set(id, op);
    }
  });
  for (const id of g.outputs) last.set(id, Math.max(end, 0));
  const acts = [...step.keys()].filter((id) => !tensor(g, id).data);
  // Reshape aliases share bytes: their group's lifetime is the union.
  const aliasOf = (id: number): number => {
    let cur = id;
    for (;;) {
      const p = producer.get(cur);
      if (!p || !ALIAS_KINDS.has(p.kind)) return cur;
      cur = p.inputs[0];
    }
  };
  const life = new Map<number, [number, number]>();
  for (const id of acts) {
    const a = aliasOf(id);
    const cur = life.get(a) ?? [Infinity, -Infinity];
    life.set(a, [Math.min(cur[0], step.get(id) as number), Math.max(cur[1], last.get(id) ?? (step.get(id) as number))]);
  }
  const lifeOf = (id: number) => life.get(aliasOf(id)) as [number, number];

  /** True when concat output `outer` holds `inner` among its inputs, directly or through nested concats. */
  const concatContains = (outer: number, inner: number): boolean => {
    const p = producer.get(outer);
    return p?.kind === 'concat' && p.inputs.some((i) => i === inner || concatContains(i, inner));
  };
  const fp = (t: Tensor): Footprint => {
    const off = plan.offsets.get(t.id);
    if (off === undefined) throw new Error(`no offset for ${t.name}`);
    const eb = plan.elemBytes(t);
    const st = plan.build.storage.get(t.id);
    const c = t.shape[t.shape.length - 1];
    const stride = st && st.pixelStride ? st.pixelStride : c;
    const pixels = numel(t.shape) / c;
    const c0 = st ? st.elemOffset : 0;
    return { start: off, end: off + ((pixels - 1) * stride + c) * eb, stride, c0, c1: c0 + c, eb };
  };

  const legal = (a: Tensor, b: Tensor, fa: Footprint, fb: Footprint): string | undefined => {
    // b is the later-produced tensor; both are alias origins.
    const pb = producer.get(b.id);
    // Views of one concat root: same stride, disjoint channel slices → no common byte.
    if (fa.stride === fb.stride && fa.stride > 0 && (fa.stride !== fa.c1 - fa.c0 || fb.stride !== fb.c1 - fb.c0)) {
      const rootA = fa.start - fa.c0 * fa.eb;
      const rootB = fb.start - fb.c0 * fb.eb;
      if (rootA === rootB && (fa.c1 <= fb.c0 || fb.c1 <= fa.c0)) return 'disjoint slices';
      // A view inside a concat that contains it (directly or through nested concats), at its channel slice.
      const inside = (outer: Tensor, inner: Tensor, fo: Footprint, fi: Footprint) =>
        concatContains(outer.id, inner.id) && fo.c0 <= fi.c0 && fi.c1 <= fo.c1;
      if (rootA === rootB && (inside(b, a, fb, fa) || inside(a, b, fa, fb))) return 'view in its concat';
    }
    if (!pb || !pb.inputs.includes(a.id) || lifeOf(a.id)[1] > (step.get(b.id) as number)) return undefined;
    // b overwrites its own dying input a.
    if (IN_PLACE_KINDS.has(pb.kind) && fa.start === fb.start && fa.end === fb.end) return 'in place';
    if (pb.kind === 'depthwise_conv2d' && plan.build.inPlaceDepthwise.has(pb.id) && fa.start === fb.start) return 'in-place depthwise';
    if ((pb.kind === 'conv2d' || pb.kind === 'depthwise_conv2d' || pb.kind === 'pool2d') && pb.inputs[0] === a.id) {
      const [ih, iw, ic] = a.shape;
      const [oh, ow, oc] = b.shape;
      let k: [number, number];
      let s: [number, number];
      let d: [number, number];
      let pad: { top: number; left: number };
      if (pb.kind === 'pool2d') {
        k = pb.attrs.pool;
        s = pb.attrs.strides;
        d = [1, 1];
        pad = pb.attrs.pad;
      } else {
        const w = tensor(g, pb.inputs[1]).shape;
        k = [w[1], w[2]];
        s = pb.attrs.strides;
        d = pb.attrs.dilations;
        pad = pb.attrs.pad;
      }
      const dist = writeBehindDistance(ih, iw, ic, oh, ow, oc, fa.eb, k[0], k[1], s[0], s[1], d[0], d[1], pad.top, pad.left);
      if (fb.start - fa.start <= -dist) return 'write-behind';
      // Reverse pixel order: the output's end lies far enough above the input's end.
      const ahead = writeAheadDistance(ih, iw, ic, oh, ow, oc, fa.eb, k[0], k[1], s[0], s[1], d[0], d[1], pad.top, pad.left);
      if (fb.end - fa.end >= ahead && runsInReverse(plan, pb)) return 'write-ahead';
    }
    return undefined;
  };

  // Reshape outputs share their origin's bytes: check pairs of alias origins only.
  const origins = [...new Set(acts.map(aliasOf))];
  for (const id of acts) {
    const o = aliasOf(id);
    if (o !== id && plan.offsets.get(id) !== plan.offsets.get(o)) errors.push(`reshape '${tensor(g, id).name}' does not share the bytes of '${tensor(g, o).name}'`);
  }
  for (let i = 0; i < origins.length; i++) {
    for (let j = i + 1; j < origins.length; j++) {
      let a = tensor(g, origins[i]);
      let b = tensor(g, origins[j]);
      const [a0, a1] = lifeOf(a.id);
      const [b0, b1] = lifeOf(b.id);
      if (a0 > b1 || b0 > a1) continue;
      const fa = fp(a);
      const fb = fp(b);
      if (fa.start >= fb.end || fb.start >= fa.end) continue;
      const ordered = (step.get(a.id) as number) <= (step.get(b.id) as number);
      const [x, y, fx, fy] = ordered ? [a, b, fa, fb] : [b, a, fb, fa];
      a = x;
      b = y;
      if (!legal(a, b, fx, fy)) {
        errors.push(`'${a.name}' [${fx.start}, ${fx.end}) and '${b.name}' [${fy.start}, ${fy.end}) are live together (steps ${Math.max(a0, b0)}–${Math.min(a1, b1)}) and overlap with no legal reason`);
      }
    }
  }
  // Scratch buffers must not overlap any tensor live at their step other than their op's own in-place buffer.
  for (const [opId, bufId] of plan.build.scratch) {
    const s = g.ops.findIndex((o) => o.id === opId);
    const op = g.ops[s];
    const so = plan.placement.offsets[bufId];
    const se = so + plan.problem.buffers[bufId].bytes;
    for (const id of acts) {
      const [l0, l1] = lifeOf(id);
      if (l0 > s || l1 < s) continue;
      const f = fp(tensor(g, id));
      if (f.start < se && so < f.end) errors.push(`scratch of '${op.name}' [${so}, ${se}) overlaps live '${tensor(g, id).name}'`);
    }
  }
  return errors;
}
