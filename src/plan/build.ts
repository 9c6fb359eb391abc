import { consumers, numel, producers, tensor } from '../ir/graph';
import { normAxis } from '../ir/shapes';
import { Graph, Op, OpKind, Tensor } from '../ir/types';
import { opDef } from '../ir/ops';
import { MemoryTraits } from '../ir/ops/def';
import { alignUp, PairRule, PlacementProblem, PlanBuffer } from './problem';

/** Where a tensor's elements live: a buffer, an element offset in it, and a pixel stride (views). */
export interface TensorStorage {
  buffer: number;
  /** Offset of element 0 inside the buffer, in elements. */
  elemOffset: number;
  /** Elements between consecutive pixels; 0 means contiguous (the tensor's own channel count). */
  pixelStride: number;
}

/** Memory-saving techniques the problem may use (all on by default). */
export interface BuildOptions {
  /** Arena alignment in bytes. */
  align: number;
  /** Bytes per element of an activation tensor (default: 4 for float32, 1 for int8). */
  elemBytes?: (t: Tensor) => number;
  /** Elementwise ops, per-channel affine and Add write over a dying input; depthwise runs in place. */
  inPlace?: boolean;
  /** Concat inputs are written straight into their channel slice of the concat output. */
  zeroCopyConcat?: boolean;
  /**
   * Convolutions and pooling may write their output over their own dying input, behind their reads
   * (a function giving the safe distance, in bytes, by which the output must start below the input).
   */
  writeBehind?: (g: Graph, op: Op, elemBytes: (t: Tensor) => number) => number | undefined;
  /**
   * The same ops may instead visit output pixels in reverse and end their output above their dying input's
   * end, writing ahead of their reads (a function giving the distance, in bytes, by which the output's end
   * must lie above the input's end).
   */
  writeAhead?: (g: Graph, op: Op, elemBytes: (t: Tensor) => number) => number | undefined;
}

/** A placement problem built from a graph, with the decisions code generation needs to honour. */
export interface PlanBuild {
  problem: PlacementProblem;
  /** Storage of every activation tensor id. */
  storage: Map<number, TensorStorage>;
  /** Ops (by id) that run the in-place depthwise kernel. */
  inPlaceDepthwise: Set<number>;
  /** Scratch buffer of an op (by op id). */
  scratch: Map<number, number>;
  /** Concat ops (by id) whose listed inputs are views: the concat copies only the others. */
  concatViews: Map<number, Set<number>>;
  /** Ops (by id) that may overlap their output with their dying input: the rule's forbidden interval. */
  overlapRules: Map<number, { lo: number; hi: number }>;
}

function defaultElemBytes(t: Tensor): number {
  return t.dtype === 'int8' ? 1 : 4;
}

/** The op table's memory-planner capabilities of an op. */
function memoryOf(op: Op): MemoryTraits<OpKind> {
  return opDef(op).memory as MemoryTraits<OpKind>;
}

/** Whether an op can write its output as a strided view (a channel slice of a concat). */
function writesStrided(op: Op): boolean {
  return memoryOf(op).stridedOutput?.(op as never) ?? false;
}

/** Whether an op can read a strided view. */
function readsStrided(op: Op): boolean {
  return memoryOf(op).stridedInput?.(op as never) ?? false;
}

/**
 * Builds the placement problem for the graph's op order: activation buffers with lifetimes (reshape outputs
 * alias their input; in-place ops and zero-copy concat inputs share their buffers), scratch buffers, and
 * the relaxed pair rules of ops that write behind their reads.
 */
export function buildProblem(g: Graph, opts: BuildOptions): PlanBuild {
  const elemBytes = opts.elemBytes ?? defaultElemBytes;
  const readers = consumers(g);
  const writers = producers(g);
  const step = new Map<Op, number>();
  g.ops.forEach((op, i) => step.set(op, i));
  const lastStep = Math.max(g.ops.length - 1, 0);
  const outputs = new Set(g.outputs);
  const isActivation = (id: number) => !tensor(g, id).data;
  const lastUse = (id: number): number => {
    if (outputs.has(id)) return Infinity;
    const rs = readers.get(id) ?? [];
    return rs.length ? Math.max(...rs.map((r) => step.get(r) as number)) : (step.get(writers.get(id) as Op) ?? 0);
  };

  // 1. Zero-copy concatenation: inputs become views (channel slices) of the concat output.
  const viewOf = new Map<number, { parent: number; channelOffset: number }>();
  const concatViews = new Map<number, Set<number>>();
  if (opts.zeroCopyConcat) {
    for (const op of g.ops) {
      if (op.kind !== 'concat') continue;
      const out = tensor(g, op.outputs[0]);
      if (out.shape.length !== 3 || normAxis(op.attrs.axis, 3) !== 2) continue;
      const views = new Set<number>();
      let offset = 0;
      for (const id of op.inputs) {
        const t = tensor(g, id);
        const prod = writers.get(id);
        const eligible =
          isActivation(id) &&
          !g.inputs.includes(id) &&
          !outputs.has(id) &&
          !viewOf.has(id) &&
          op.inputs.filter((x) => x === id).length === 1 &&
          prod !== undefined &&
          writesStrided(prod) &&
          (readers.get(id) ?? []).every((r) => r === op || readsStrided(r));
        if (eligible) {
          viewOf.set(id, { parent: out.id, channelOffset: offset });
          views.add(id);
        }
        offset += t.shape[2];
      }
      if (views.size > 0) concatViews.set(op.id, views);
    }
  }
  const isView = (id: number) => viewOf.has(id);
  const hasViews = new Set([...viewOf.values()].map((v) => v.parent));
  // Last read of anything stored in a view root (the root itself or any view nested in it).
  const viewsLast = new Map<number, number>();
  for (const v of viewOf.keys()) {
    let base = v;
    while (viewOf.has(base)) base = (viewOf.get(base) as { parent: number }).parent;
    viewsLast.set(base, Math.max(viewsLast.get(base) ?? -1, lastUse(v)));
  }

  // 2. Alias groups (union-find): reshape aliases, in-place ops.
  const parent = new Map<number, number>();
  const find = (id: number): number => {
    let r = id;
    while (parent.has(r)) r = parent.get(r) as number;
    return r;
  };
  const groupLast = new Map<number, number>(); // root → last use over members
  const groupHasOutput = new Set<number>();
  const members = new Map<number, number[]>();
  const root = (id: number): number => {
    const r = find(id);
    if (!members.has(r)) {
      members.set(r, [r]);
      groupLast.set(r, lastUse(r));
      if (outputs.has(r)) groupHasOutput.add(r);
    }
    return r;
  };
  const join = (id: number, into: number) => {
    const r = root(into);
    parent.set(id, r);
    (members.get(r) as number[]).push(id);
    groupLast.set(r, Math.max(groupLast.get(r) as number, lastUse(id)));
    if (outputs.has(id)) groupHasOutput.add(r);
  };
  /** Whether `x`'s buffer holds nothing needed after `s` (so an op at s may overwrite it). */
  const diesAt = (x: number, s: number) => {
    const r = root(x);
    return !groupHasOutput.has(r) && (groupLast.get(r) as number) <= s && !isView(x) && (viewsLast.get(x) ?? -1) <= s;
  };
  const inPlaceDepthwise = new Set<number>();
  const scratchOf = new Map<number, { bytes: number; step: number }>();
  for (const op of g.ops) {
    const s = step.get(op) as number;
    const y = op.outputs[0];
    const mem = memoryOf(op);
    if (mem.alias) {
      if (!isView(op.inputs[0])) join(y, op.inputs[0]);
      continue;
    }
    if (!opts.inPlace || isView(y) || hasViews.has(y)) {
      root(y);
      continue;
    }
    const yN = numel(tensor(g, y).shape);
    let done = false;
    if (mem.inPlace) {
      const cands = mem.inPlace === 'first-two' ? op.inputs.slice(0, 2) : [op.inputs[0]];
      for (const x of cands) {
        if (isActivation(x) && numel(tensor(g, x).shape) === yN && diesAt(x, s)) {
          join(y, x);
          done = true;
          break;
        }
      }
    } else if (mem.inPlaceChannelwise?.(op as never)) {
      const x = op.inputs[0];
      const xt = tensor(g, x);
      const yt = tensor(g, y);
      if (isActivation(x) && xt.shape[2] >= 2 && yN <= numel(xt.shape) && diesAt(x, s)) {
        join(y, x);
        inPlaceDepthwise.add(op.id);
        scratchOf.set(op.id, { bytes: yt.shape[0] * yt.shape[1] * elemBytes(yt), step: s });
        done = true;
      }
    }
    if (!done) root(y);
  }
  for (const id of g.inputs) root(id);

  // 3. Buffers: one per alias group (views resolve to their root's group).
  const viewRoot = (id: number): { base: number; elemOffset: number } => {
    let elemOffset = 0;
    let cur = id;
    while (viewOf.has(cur)) {
      const v = viewOf.get(cur) as { parent: number; channelOffset: number };
      elemOffset += v.channelOffset;
      cur = v.parent;
    }
    return { base: cur, elemOffset };
  };
  const groupBuffer = new Map<number, PlanBuffer>();
  const buffers: PlanBuffer[] = [];
  const storage = new Map<number, TensorStorage>();
  const touch = (id: number, s: number) => {
    const t = tensor(g, id);
    if (t.data) return;
    const { base, elemOffset } = viewRoot(id);
    const r = root(base);
    let b = groupBuffer.get(r);
    if (!b) {
      b = { id: buffers.length, bytes: 0, first: s, last: s, label: '', tensors: [], kind: 'activation' };
      buffers.push(b);
      groupBuffer.set(r, b);
    }
    b.first = Math.min(b.first, s);
    b.last = Math.max(b.last, s);
    if (!b.tensors.includes(id)) b.tensors.push(id);
    const bt = tensor(g, base);
    b.bytes = Math.max(b.bytes, alignUp(numel(bt.shape) * elemBytes(bt), opts.align), alignUp(numel(t.shape) * elemBytes(t), opts.align));
    storage.set(id, { buffer: b.id, elemOffset, pixelStride: base === id ? 0 : bt.shape[2] });
  };
  for (const id of g.inputs) touch(id, 0);
  g.ops.forEach((op, s) => {
    for (const id of op.inputs) touch(id, s);
    for (const id of op.outputs) touch(id, s);
  });
  for (const id of g.outputs) touch(id, lastStep);
  for (const b of buffers) b.label = b.tensors.map((id) => tensor(g, id).name).join(' = ');

  const scratch = new Map<number, number>();
  for (const [opId, sc] of scratchOf) {
    const op = g.ops.find((o) => o.id === opId) as Op;
    const b: PlanBuffer = { id: buffers.length, bytes: alignUp(sc.bytes, opts.align), first: sc.step, last: sc.step, label: `scratch: ${op.name}`, tensors: [], kind: 'scratch' };
    buffers.push(b);
    scratch.set(opId, b.id);
  }

  // 4. Overlap rules: an op may place its output below its dying input (streaming forward, behind its reads)
  // or above it (streaming in reverse, ahead of its reads).
  const rules: PairRule[] = [];
  const overlapRules = new Map<number, { lo: number; hi: number }>();
  if (opts.writeBehind || opts.writeAhead) {
    for (const op of g.ops) {
      if (!memoryOf(op).window || inPlaceDepthwise.has(op.id)) continue;
      const x = op.inputs[0];
      const y = op.outputs[0];
      const s = step.get(op) as number;
      if (!isActivation(x) || !diesAt(x, s) || isView(y) || hasViews.has(y)) continue;
      const sx = storage.get(x) as TensorStorage;
      const sy = storage.get(y) as TensorStorage;
      if (sx.buffer === sy.buffer || sx.elemOffset !== 0 || sy.elemOffset !== 0) continue;
      const bx = buffers[sx.buffer];
      const by = buffers[sy.buffer];
      if (bx.last !== s || by.first !== s) continue;
      // d = off(y) − off(x) is safe when d ≤ −behind (forward, behind the reads), when the output's end is at
      // least `ahead` above the input's end (reverse order), or when the two are disjoint.
      const behind = opts.writeBehind?.(g, op, elemBytes);
      const ahead = opts.writeAhead?.(g, op, elemBytes);
      const xBytes = numel(tensor(g, x).shape) * elemBytes(tensor(g, x));
      const yBytes = numel(tensor(g, y).shape) * elemBytes(tensor(g, y));
      const lo = behind === undefined ? -by.bytes : -Math.min(alignUp(Math.max(behind, 0), opts.align), by.bytes);
      const hi = ahead === undefined ? bx.bytes : Math.min(bx.bytes, Math.max(lo + 1, xBytes - yBytes + ahead));
      if (lo <= -by.bytes && hi >= bx.bytes) continue; // no better than disjoint
      const how = [lo > -by.bytes ? 'behind' : '', hi < bx.bytes ? 'ahead of' : ''].filter(Boolean).join(' or ');
      rules.push({ a: bx.id, b: by.id, forbidden: [[lo, hi]], reason: `${op.kind} '${op.name}' writes ${how} its reads` });
      overlapRules.set(op.id, { lo, hi });
    }
  }

  return { problem: { buffers, steps: Math.max(g.ops.length, 1), align: opts.align, rules }, storage, inPlaceDepthwise, scratch, concatViews, overlapRules };
}
