/**
 * Op reordering to lower the activation-memory peak (Liberis & Lane 2019: memoised search over topological
 * orders).
 *
 * The op order decides which activations are live together. For a branched graph (Inception, DenseNet,
 * multi-branch heads) another valid topological order can lower the peak of live bytes, which is the lower
 * bound of any arena placement. The liveness model is the plain one of `buildProblem` without in-place techniques (./build.ts):
 *   - activation tensors (no `data`) are buffers, constants cost nothing;
 *   - a reshape output aliases its input (one buffer, union lifetime, size = its largest member);
 *   - a buffer is live from its first touch (producer, or step 0 for a graph input) to its last touch
 *     (last consumer, or the last step for a graph output), inclusive;
 *   - peak = max over steps of the sum of the live buffers' bytes.
 *
 * Exact algorithm: depth-first search over the sets of executed ops (downsets of the DAG) with memoisation
 * and bounds. The set S of executed ops determines which buffers are resident, so
 *   f(S) = min over ready v of max(cost(S, v), f(S ∪ {v})),  f(all) = 0,
 * where cost(S, v) is the live bytes at the step that runs v. Memo entries keep a proven lower bound and an
 * achieved upper bound (with the move achieving it) of f(S), so searches cut off by a bound still leave
 * reusable facts. Values at or below `lo` (the peak already reached on the path, or a proven lower bound of
 * the whole problem) are "good enough" and end a node early; values at or above `hi` (the best order known)
 * are pruned. A dominance rule schedules at once a ready op whose step costs no more than `lo` and that
 * frees at least what it allocates (reshapes, most ops consuming the last use of a big input).
 *
 * The graph is first cut at ops every other op is an ancestor or descendant of: the executed-op sets split
 * there and the peak is the max over the segments between cuts, so each segment is searched on its own
 * (an Inception/ResNet stack becomes one small search per block). Per segment, in this order:
 *   1. heuristics: the original order and three greedy list schedules (least step bytes, least resident
 *      bytes after the step, depth first), the best kept;
 *   2. a short exact search with a node budget (deterministic: what it solves does not depend on the
 *      machine's speed);
 *   3. beam searches of growing width over partial orders (merging equal op sets) for up to a quarter of
 *      the cap, which tighten the bound; a beam that never drops a state is exhaustive, hence exact;
 *   4. the exact search again with the rest of the time; its memo keeps what step 2 proved.
 * A proven lower bound (each op's own buffers plus every buffer an ancestor started and a descendant still
 * needs) lets the search stop as soon as an order reaches it, and decides `exact` for the whole graph.
 * A segment whose search does not finish keeps its best heuristic or partial order (`exact: false`); on such
 * hard graphs the result can depend on the machine's speed, as the time cap does.
 */
import { performance } from 'perf_hooks';
import { numel, tensor } from '../ir/graph';
import { Graph, Op } from '../ir/types';

/** Options of {@link reorderOps}. */
export interface ReorderOptions {
  /** Bytes of one activation tensor by id (default: numel × 4, float32). Pass numel × 1 for int8 sizing. */
  bytesOf?: (tensorId: number) => number;
  /** Time budget of the exact search in ms (default 500); past it the heuristic result is returned. */
  timeCapMs?: number;
}

/** Result of {@link reorderOps}. */
export interface ReorderResult {
  /** A topological order of `g.ops` (the same Op objects), every op exactly once. */
  order: Op[];
  /** Peak live bytes of `order`. */
  peakBytes: number;
  /** Peak live bytes of `g.ops`; `peakBytes <= originalPeakBytes` always. */
  originalPeakBytes: number;
  /** True when `peakBytes` is proven minimal over all topological orders. */
  exact: boolean;
}

/** Default buffer size: numel × 4 bytes (float32). */
function defaultBytesOf(g: Graph): (id: number) => number {
  return (id) => numel(tensor(g, id).shape) * 4;
}

/** Alias-group root finder built like `computeBuffers`: a reshape output joins its input's group. */
function aliasRoots(ops: readonly Op[]): (id: number) => number {
  const root = new Map<number, number>();
  const find = (id: number): number => {
    let r = id;
    while (root.has(r) && root.get(r) !== r) r = root.get(r) as number;
    return r;
  };
  for (const op of ops) if (op.kind === 'reshape') root.set(op.outputs[0], find(op.inputs[0]));
  return find;
}

/**
 * Peak live bytes when `g`'s ops run in `order` (same model as `computeBuffers` + `lowerBound` with
 * alignment 1 and buffer sizes from `bytesOf`, default numel × 4).
 */
export function peakOfOrder(g: Graph, order: readonly Op[], bytesOf: (tensorId: number) => number = defaultBytesOf(g)): number {
  const find = aliasRoots(order);
  const groups = new Map<number, { bytes: number; first: number; last: number }>();
  const touch = (id: number, step: number): void => {
    if (tensor(g, id).data) return;
    const r = find(id);
    const b = bytesOf(id);
    const grp = groups.get(r);
    if (!grp) groups.set(r, { bytes: b, first: step, last: step });
    else {
      if (b > grp.bytes) grp.bytes = b;
      if (step < grp.first) grp.first = step;
      if (step > grp.last) grp.last = step;
    }
  };
  const end = Math.max(order.length - 1, 0);
  for (const id of g.inputs) touch(id, 0);
  order.forEach((op, step) => {
    for (const id of op.inputs) touch(id, step);
    for (const id of op.outputs) touch(id, step);
  });
  for (const id of g.outputs) touch(id, end);
  const diff = new Float64Array(end + 2);
  for (const grp of groups.values()) {
    diff[grp.first] += grp.bytes;
    diff[grp.last + 1] -= grp.bytes;
  }
  let live = 0;
  let peak = 0;
  for (let s = 0; s <= end; s++) {
    live += diff[s];
    if (live > peak) peak = live;
  }
  return peak;
}

/** The graph as index arrays: ops, dependencies, and the buffers each op touches. */
interface Model {
  n: number;
  ops: Op[];
  preds: number[][];
  succs: number[][];
  /** Buffers touched (read or written) by each op, without repeats. */
  touch: number[][];
  bytes: number[];
  isInput: Uint8Array;
  isOutput: Uint8Array;
  /** Number of ops touching each buffer. */
  touchCount: Int32Array;
  /** Resident bytes before any op runs (graph inputs still needed, or graph outputs). */
  initialResident: number;
  /** Graph inputs nothing reads: live at step 0 only. */
  step0Extra: number;
  /** Graph outputs nothing writes (not graph inputs): live at the last step only. */
  endExtra: number;
  /** A proven lower bound of the peak of any order. */
  staticLB: number;
}

function buildModel(g: Graph, bytesOf: (id: number) => number): Model {
  const ops = g.ops;
  const n = ops.length;
  const find = aliasRoots(ops);
  const bufOf = new Map<number, number>(); // alias root -> buffer index
  const bytes: number[] = [];
  const bufferOf = (id: number): number => {
    if (tensor(g, id).data) return -1;
    const r = find(id);
    let b = bufOf.get(r);
    if (b === undefined) {
      b = bytes.length;
      bufOf.set(r, b);
      bytes.push(0);
    }
    const sz = bytesOf(id);
    if (sz > bytes[b]) bytes[b] = sz;
    return b;
  };
  const producer = new Map<number, number>();
  ops.forEach((op, i) => op.outputs.forEach((o) => producer.set(o, i)));
  const preds: number[][] = [];
  const succs: number[][] = ops.map(() => []);
  const touch: number[][] = [];
  ops.forEach((op, i) => {
    const p: number[] = [];
    for (const id of op.inputs) {
      const j = producer.get(id);
      if (j !== undefined && j !== i && !p.includes(j)) p.push(j);
    }
    preds.push(p);
    for (const j of p) succs[j].push(i);
    const t: number[] = [];
    for (const id of [...op.inputs, ...op.outputs]) {
      const b = bufferOf(id);
      if (b >= 0 && !t.includes(b)) t.push(b);
    }
    touch.push(t);
  });
  const inBufs = g.inputs.map(bufferOf).filter((b) => b >= 0);
  const outBufs = g.outputs.map(bufferOf).filter((b) => b >= 0);
  const nb = bytes.length;
  const isInput = new Uint8Array(nb);
  const isOutput = new Uint8Array(nb);
  for (const b of inBufs) isInput[b] = 1;
  for (const b of outBufs) isOutput[b] = 1;
  const touchCount = new Int32Array(nb);
  for (const t of touch) for (const b of t) touchCount[b]++;
  let initialResident = 0;
  let step0Extra = 0;
  let endExtra = 0;
  let inBytes = 0;
  let outBytes = 0;
  for (let b = 0; b < nb; b++) {
    if (isInput[b]) inBytes += bytes[b];
    if (isOutput[b]) outBytes += bytes[b];
    if (isInput[b]) {
      if (touchCount[b] > 0 || isOutput[b]) initialResident += bytes[b];
      else step0Extra += bytes[b];
    } else if (touchCount[b] === 0 && isOutput[b]) endExtra += bytes[b];
  }
  // Every step holds its op's buffers; step 0 holds every graph input, the last step every graph output.
  let staticLB = Math.max(inBytes, outBytes);
  for (const t of touch) {
    let s = 0;
    for (const b of t) s += bytes[b];
    if (s > staticLB) staticLB = s;
  }
  return { n, ops, preds, succs, touch, bytes, isInput, isOutput, touchCount, initialResident, step0Extra, endExtra, staticLB };
}

/** Incremental liveness state for a set of executed ops. */
class State {
  readonly started: Int32Array;
  readonly remaining: Int32Array;
  readonly indeg: Int32Array;
  /** Bytes of buffers started and not finished by the executed ops. */
  R = 0;
  /** Number of executed ops. */
  count = 0;

  constructor(readonly m: Model) {
    this.started = new Int32Array(m.bytes.length);
    this.remaining = new Int32Array(m.bytes.length);
    this.indeg = new Int32Array(m.n);
    this.reset();
  }

  reset(): void {
    this.started.fill(0);
    this.remaining.set(this.m.touchCount);
    for (let i = 0; i < this.m.n; i++) this.indeg[i] = this.m.preds[i].length;
    this.R = this.m.initialResident;
    this.count = 0;
  }

  /** Live bytes at the step that runs ready op `v` next. */
  cost(v: number): number {
    const m = this.m;
    let c = this.R;
    for (const b of m.touch[v]) if (this.started[b] === 0 && !m.isInput[b]) c += m.bytes[b];
    if (this.count === 0) c += m.step0Extra;
    if (this.count === m.n - 1) c += m.endExtra;
    return c;
  }

  /** Resident bytes after running ready op `v`. */
  after(v: number): number {
    const m = this.m;
    let c = this.R;
    for (const b of m.touch[v]) {
      if (this.started[b] === 0 && !m.isInput[b]) c += m.bytes[b];
      if (this.remaining[b] === 1 && !m.isOutput[b]) c -= m.bytes[b];
    }
    return c;
  }

  apply(v: number): void {
    const m = this.m;
    for (const b of m.touch[v]) {
      if (this.started[b] === 0 && !m.isInput[b]) this.R += m.bytes[b];
      this.started[b]++;
      if (--this.remaining[b] === 0 && !m.isOutput[b]) this.R -= m.bytes[b];
    }
    for (const w of m.succs[v]) this.indeg[w]--;
    this.count++;
  }

  undo(v: number): void {
    const m = this.m;
    this.count--;
    for (const w of m.succs[v]) this.indeg[w]++;
    for (const b of m.touch[v]) {
      if (this.remaining[b]++ === 0 && !m.isOutput[b]) this.R += m.bytes[b];
      if (--this.started[b] === 0 && !m.isInput[b]) this.R -= m.bytes[b];
    }
  }
}

/** A contiguous range [start, end) of the original order between two cut ops. */
interface Segment {
  start: number;
  end: number;
  /** Op indices in the original order. */
  ops: number[];
  /** True when the range has a single valid order. */
  fixed: boolean;
  /** Best order found and its peak (max step cost over the segment's steps). */
  order: number[];
  peak: number;
  /** Set once the search proved `peak` minimal for the segment or good enough for the whole graph. */
  done: boolean;
  memo: Map<number | string, MemoEntry>;
}

/** Facts about f(S): lb ≤ f(S) ≤ ub, `mv` the first op of a completion achieving ub. */
interface MemoEntry {
  lb: number;
  ub: number;
  mv: number;
}

/** Thrown to unwind the search at the deadline or the state cap. */
const ABORT = new Error('reorder search aborted');

/** Node budget of the first exact pass, shared by the segments (some 30-70 ms). */
const QUICK_NODES = 15_000;

/** Upper limit on memoised states over the whole call (memory guard). */
const MAX_STATES = 1_000_000;

function popcount32(x: number): number {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  return (((x + (x >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
}

/** Ancestor and descendant bitsets (W words per op), or undefined for graphs too big for n² bits. */
interface Reach {
  W: number;
  anc: Uint32Array;
  desc: Uint32Array;
}

function reachability(m: Model): Reach | undefined {
  const n = m.n;
  if (n > 8000) return undefined;
  const W = (n + 31) >>> 5;
  const anc = new Uint32Array(n * W);
  for (let i = 0; i < n; i++) {
    for (const p of m.preds[i]) {
      for (let k = 0; k < W; k++) anc[i * W + k] |= anc[p * W + k];
      anc[i * W + (p >>> 5)] |= 1 << (p & 31);
    }
  }
  const desc = new Uint32Array(n * W);
  for (let i = n - 1; i >= 0; i--) {
    for (const s of m.succs[i]) {
      for (let k = 0; k < W; k++) desc[i * W + k] |= desc[s * W + k];
      desc[i * W + (s >>> 5)] |= 1 << (s & 31);
    }
  }
  return { W, anc, desc };
}

/** Positions (in the original order) of ops that every other op is an ancestor or descendant of. */
function findCuts(m: Model, reach: Reach | undefined): boolean[] {
  const n = m.n;
  const cut = new Array<boolean>(n).fill(false);
  if (!reach) return cut; // search the graph whole
  const { W, anc, desc } = reach;
  const count = (bits: Uint32Array, at: number) => {
    let c = 0;
    for (let k = 0; k < W; k++) c += popcount32(bits[at + k]);
    return c;
  };
  for (let i = 0; i < n; i++) cut[i] = count(anc, i * W) === i && count(desc, i * W) === n - 1 - i;
  return cut;
}

/**
 * A lower bound of the peak of every order: at an op's step its own buffers are live, and so is every
 * buffer that an ancestor of the op has started (or a graph input) and a descendant still reads (or a
 * graph output).
 */
function forcedLowerBound(m: Model, reach: Reach | undefined): number {
  if (!reach) return m.staticLB;
  const { W, anc, desc } = reach;
  const n = m.n;
  const lb = new Float64Array(n);
  const touchers: number[][] = m.bytes.map(() => []);
  m.touch.forEach((t, v) => {
    for (const b of t) {
      lb[v] += m.bytes[b];
      touchers[b].push(v);
    }
  });
  const started = new Uint32Array(W);
  const needed = new Uint32Array(W);
  for (let b = 0; b < m.bytes.length; b++) {
    if (m.bytes[b] === 0 || touchers[b].length === 0) continue;
    started.fill(m.isInput[b] ? 0xffffffff : 0);
    needed.fill(m.isOutput[b] ? 0xffffffff : 0);
    for (const t of touchers[b]) {
      for (let k = 0; k < W; k++) {
        started[k] |= desc[t * W + k];
        needed[k] |= anc[t * W + k];
      }
    }
    for (const t of touchers[b]) started[t >>> 5] &= ~(1 << (t & 31));
    for (let k = 0; k < W; k++) {
      let x = started[k] & needed[k];
      while (x !== 0) {
        const bit = 31 - Math.clz32(x & -x);
        x &= x - 1;
        const v = (k << 5) + bit;
        if (v < n) lb[v] += m.bytes[b];
      }
    }
  }
  let best = m.staticLB;
  for (let v = 0; v < n; v++) if (lb[v] > best) best = lb[v];
  return best;
}

/** True when each op of `ops` (in order) depends on the previous one: the only valid order. */
function isChain(m: Model, ops: readonly number[]): boolean {
  for (let k = 1; k < ops.length; k++) if (!m.preds[ops[k]].includes(ops[k - 1])) return false;
  return true;
}

/** Memo key of the empty set for a segment of L ops (see Planner.search). */
function rootKey(L: number): number | string {
  return L <= 52 ? 0 : String.fromCharCode.apply(null, new Uint16Array((L + 15) >>> 4) as unknown as number[]);
}

/** Per-call search context. */
class Planner {
  readonly st: State;
  readonly segOf: Int32Array;
  states = 0;
  nodes = 0;
  deadline = 0;
  /** The search aborts once `nodes` reaches this (a deterministic budget, unlike the deadline). */
  nodeLimit = Infinity;

  constructor(readonly m: Model, readonly segments: Segment[]) {
    this.st = new State(m);
    this.segOf = new Int32Array(m.n).fill(-1);
    segments.forEach((s, k) => s.ops.forEach((v) => (this.segOf[v] = k)));
  }

  /** Resets the state to "every op before the segment executed" (the original order up to it). */
  base(seg: Segment): void {
    this.st.reset();
    for (let i = 0; i < seg.start; i++) this.st.apply(i);
  }

  /** Peak over the segment's steps of running `order` from the base state (state left at base). */
  evalSeq(order: readonly number[]): number {
    const st = this.st;
    let peak = 0;
    for (const v of order) {
      const c = st.cost(v);
      if (c > peak) peak = c;
      st.apply(v);
    }
    for (let k = order.length - 1; k >= 0; k--) st.undo(order[k]);
    return peak;
  }

  initialReady(seg: Segment): number[] {
    return seg.ops.filter((v) => this.st.indeg[v] === 0);
  }

  /**
   * Greedy list schedule of the segment from the base state. Variant 0: least step cost, then least
   * resident bytes after, then original order. 1: least resident after, then step cost. 2: depth first (a
   * successor of the last op if any), then as 0. State left at base.
   */
  greedy(seg: Segment, variant: 0 | 1 | 2): number[] {
    const st = this.st;
    const k = this.segOf[seg.ops[0]];
    let ready = this.initialReady(seg);
    const order: number[] = [];
    let last = -1;
    while (ready.length > 0) {
      let best = -1;
      let bk1 = Infinity;
      let bk2 = Infinity;
      let bk0 = Infinity;
      for (const v of ready) {
        const c = st.cost(v);
        const a = st.after(v);
        const k0 = variant === 2 && last >= 0 && this.m.preds[v].includes(last) ? 0 : 1;
        const k1 = variant === 1 ? a : c;
        const k2 = variant === 1 ? c : a;
        if (k0 < bk0 || (k0 === bk0 && (k1 < bk1 || (k1 === bk1 && (k2 < bk2 || (k2 === bk2 && v < best)))))) {
          best = v;
          bk0 = k0;
          bk1 = k1;
          bk2 = k2;
        }
      }
      st.apply(best);
      order.push(best);
      last = best;
      ready = ready.filter((v) => v !== best);
      for (const w of this.m.succs[best]) if (st.indeg[w] === 0 && this.segOf[w] === k) ready.push(w);
    }
    for (let i = order.length - 1; i >= 0; i--) st.undo(order[i]);
    return order;
  }

  /**
   * Beam search over the segment from the base state: keeps the `width` best partial orders of each length
   * (least peak so far, then least resident bytes), merging partial orders that executed the same op set.
   * Returns undefined once `deadline` passes; `complete` when no depth had more than `width` op sets (then
   * every order was considered and the result is optimal). State left at base.
   */
  beam(seg: Segment, width: number, deadline: number): { order: number[]; complete: boolean } | undefined {
    const m = this.m;
    const st = this.st;
    const L = seg.ops.length;
    const local = new Map<number, number>();
    seg.ops.forEach((v, i) => local.set(v, i));
    const bufLocal = new Map<number, number>();
    const gb: number[] = [];
    const touch = seg.ops.map((v) =>
      m.touch[v].map((b) => {
        let x = bufLocal.get(b);
        if (x === undefined) {
          x = gb.length;
          bufLocal.set(b, x);
          gb.push(b);
        }
        return x;
      }),
    );
    const bytes = gb.map((b) => m.bytes[b]);
    const keep = gb.map((b) => m.isOutput[b] === 1);
    const succs = seg.ops.map((v) => m.succs[v].filter((w) => local.has(w)).map((w) => local.get(w) as number));
    const firstExtra = st.count === 0 ? m.step0Extra : 0;
    const lastExtra = seg.end === m.n ? m.endExtra : 0;
    const useNum = L <= 52;
    interface Path {
      v: number;
      prev: Path | null;
    }
    interface BeamState {
      rem: Int32Array;
      started: Uint8Array;
      indeg: Int32Array;
      R: number;
      peak: number;
      ready: number[];
      path: Path | null;
      num: number;
      bits: Uint16Array;
    }
    const indeg0 = Int32Array.from(seg.ops, (v) => st.indeg[v]);
    let beam: BeamState[] = [
      {
        rem: Int32Array.from(gb, (b) => st.remaining[b]),
        started: Uint8Array.from(gb, (b) => (st.started[b] > 0 || m.isInput[b] ? 1 : 0)),
        indeg: indeg0,
        R: st.R,
        peak: 0,
        ready: seg.ops.map((_, i) => i).filter((i) => indeg0[i] === 0),
        path: null,
        num: 0,
        bits: new Uint16Array((L + 15) >>> 4),
      },
    ];
    interface Cand {
      s: BeamState;
      v: number;
      peak: number;
      after: number;
    }
    let complete = true;
    for (let d = 0; d < L; d++) {
      if (performance.now() > deadline) return undefined;
      const extra = (d === 0 ? firstExtra : 0) + (d === L - 1 ? lastExtra : 0);
      const best = new Map<number | string, Cand>();
      let seen = 0;
      for (const s of beam) {
        if ((++seen & 63) === 0 && performance.now() > deadline) return undefined;
        for (const v of s.ready) {
          let cost = s.R + extra;
          let freed = 0;
          for (const b of touch[v]) {
            if (!s.started[b]) cost += bytes[b];
            if (s.rem[b] === 1 && !keep[b]) freed += bytes[b];
          }
          const peak = cost > s.peak ? cost : s.peak;
          let key: number | string;
          if (useNum) key = s.num + 2 ** v;
          else {
            s.bits[v >>> 4] ^= 1 << (v & 15);
            key = String.fromCharCode.apply(null, s.bits as unknown as number[]);
            s.bits[v >>> 4] ^= 1 << (v & 15);
          }
          const old = best.get(key);
          if (!old || peak < old.peak) best.set(key, { s, v, peak, after: cost - freed });
        }
      }
      const cands = [...best.values()].sort((a, b) => a.peak - b.peak || a.after - b.after || a.v - b.v);
      if (cands.length > width) {
        cands.length = width;
        complete = false;
      }
      beam = cands.map(({ s, v, peak, after }) => {
        const rem = s.rem.slice();
        const started = s.started.slice();
        const indeg = s.indeg.slice();
        for (const b of touch[v]) {
          started[b] = 1;
          rem[b]--;
        }
        const ready = s.ready.filter((u) => u !== v);
        for (const w of succs[v]) if (--indeg[w] === 0) ready.push(w);
        const bits = s.bits.slice();
        bits[v >>> 4] ^= 1 << (v & 15);
        return { rem, started, indeg, R: after, peak, ready, path: { v, prev: s.path }, num: s.num + 2 ** v, bits };
      });
    }
    const order: number[] = [];
    for (let p = beam[0]?.path ?? null; p; p = p.prev) order.push(seg.ops[p.v]);
    order.reverse();
    return order.length === L ? { order, complete } : undefined;
  }

  /**
   * Memoised branch-and-bound over the segment from the base state, until `deadline`. Returns the value
   * of the root: below `hi` when an order of that peak was found (recorded in the memo), else a lower
   * bound ≥ hi. Throws ABORT at the deadline or state cap (the state is then inconsistent: call base()).
   */
  search(seg: Segment, lo: number, hi: number): number {
    const m = this.m;
    const st = this.st;
    const k = this.segOf[seg.ops[0]];
    const memo = seg.memo;
    const L = seg.ops.length;
    const localIdx = new Int32Array(m.n).fill(-1);
    seg.ops.forEach((v, i) => (localIdx[v] = i));
    const useNum = L <= 52;
    const bits = new Uint16Array((L + 15) >>> 4);
    let numKey = 0;
    let placed = 0;
    const allowForce = m.endExtra === 0;
    const keyOf = (): number | string => (useNum ? numKey : String.fromCharCode.apply(null, bits as unknown as number[]));
    const place = (v: number): void => {
      const li = localIdx[v];
      if (useNum) numKey += 2 ** li;
      else bits[li >>> 4] ^= 1 << (li & 15);
      placed++;
      st.apply(v);
    };
    const unplace = (v: number): void => {
      st.undo(v);
      placed--;
      const li = localIdx[v];
      if (useNum) numKey -= 2 ** li;
      else bits[li >>> 4] ^= 1 << (li & 15);
    };

    const solve = (ready: number[], lo: number, hi: number): number => {
      if (placed === L) return 0;
      if (++this.nodes >= this.nodeLimit || ((this.nodes & 255) === 0 && performance.now() > this.deadline)) throw ABORT;
      const key = keyOf();
      let e = memo.get(key);
      let lo2 = lo;
      let hi2 = hi;
      if (e) {
        if (e.ub <= lo || e.ub === e.lb) return e.ub;
        if (e.lb >= hi) return e.lb;
        if (e.lb > lo2) lo2 = e.lb;
        if (e.ub < hi2) hi2 = e.ub;
      } else {
        if (++this.states > MAX_STATES) throw ABORT;
        e = { lb: 0, ub: Infinity, mv: -1 };
        memo.set(key, e);
      }
      const nr = ready.length;
      if (nr === 0) throw new Error('internal: reorder search found no ready op (cyclic graph?)');
      const costs = new Float64Array(nr);
      const afters = new Float64Array(nr);
      const idx: number[] = [];
      let forced = -1;
      const extra = (st.count === 0 ? m.step0Extra : 0) + (st.count === m.n - 1 ? m.endExtra : 0);
      const R = st.R;
      for (let i = 0; i < nr; i++) {
        let c = R + extra;
        let a = R;
        for (const b of m.touch[ready[i]]) {
          if (st.started[b] === 0 && !m.isInput[b]) {
            c += m.bytes[b];
            a += m.bytes[b];
          }
          if (st.remaining[b] === 1 && !m.isOutput[b]) a -= m.bytes[b];
        }
        costs[i] = c;
        afters[i] = a;
        if (allowForce && c <= lo2 && a <= R) {
          forced = i;
          break;
        }
        // insertion into idx, ordered by (cost, after, op index)
        let j = idx.length;
        idx.push(i);
        while (j > 0) {
          const q = idx[j - 1];
          if (costs[q] < c || (costs[q] === c && (afters[q] < a || (afters[q] === a && ready[q] < ready[i])))) break;
          idx[j] = q;
          j--;
        }
        idx[j] = i;
      }
      if (forced >= 0) {
        idx.length = 1;
        idx[0] = forced;
      }
      let best = hi2;
      let lbAll = Infinity;
      for (const i of idx) {
        const v = ready[i];
        const c = costs[i];
        if (c >= best) {
          if (c < lbAll) lbAll = c;
          break;
        }
        place(v);
        const child: number[] = [];
        for (const u of ready) if (u !== v) child.push(u);
        for (const w of m.succs[v]) if (st.indeg[w] === 0 && this.segOf[w] === k) child.push(w);
        const r = solve(child, c > lo2 ? c : lo2, best);
        unplace(v);
        const cand = r > c ? r : c;
        if (cand < best) {
          best = cand;
          e.ub = cand;
          e.mv = v;
          if (best <= lo2) break;
        } else if (cand < lbAll) lbAll = cand;
      }
      if (best < hi2) {
        if (best > lo2) e.lb = best;
        return best;
      }
      if (hi2 === e.ub) {
        e.lb = e.ub;
        return e.ub;
      }
      if (lbAll > e.lb) e.lb = lbAll;
      return lbAll;
    };

    return solve(this.initialReady(seg), lo, hi);
  }

  /** The order recorded in the memo from the base state (state left at base), or undefined. */
  reconstruct(seg: Segment): number[] | undefined {
    const st = this.st;
    const L = seg.ops.length;
    const localIdx = new Map<number, number>();
    seg.ops.forEach((v, i) => localIdx.set(v, i));
    const useNum = L <= 52;
    const bits = new Uint16Array((L + 15) >>> 4);
    let numKey = 0;
    const order: number[] = [];
    let ok = true;
    while (order.length < L) {
      const e = seg.memo.get(useNum ? numKey : String.fromCharCode.apply(null, bits as unknown as number[]));
      if (!e || e.mv < 0 || st.indeg[e.mv] !== 0 || order.includes(e.mv)) {
        ok = false;
        break;
      }
      const li = localIdx.get(e.mv) as number;
      if (useNum) numKey += 2 ** li;
      else bits[li >>> 4] ^= 1 << (li & 15);
      st.apply(e.mv);
      order.push(e.mv);
    }
    for (let i = order.length - 1; i >= 0; i--) st.undo(order[i]);
    return ok ? order : undefined;
  }
}

/**
 * Finds an op order of `g` with a lower (or equal) peak of live activation bytes.
 *
 * Exact (memoised search over topological orders) when it finishes within `timeCapMs` (default 500 ms);
 * otherwise the best of the original order, greedy list schedules and whatever the search found, with
 * `exact: false`. Never returns an order with a higher peak than `g.ops`. A graph with a single valid order
 * (a chain) returns at once. `g` is not modified: set `g.ops = result.order` to use it.
 */
export function reorderOps(g: Graph, opts: ReorderOptions = {}): ReorderResult {
  const t0 = performance.now();
  const bytesOf = opts.bytesOf ?? defaultBytesOf(g);
  const timeCap = opts.timeCapMs ?? 500;
  const originalPeakBytes = peakOfOrder(g, g.ops, bytesOf);
  const unchanged = (exact: boolean): ReorderResult => ({ order: g.ops.slice(), peakBytes: originalPeakBytes, originalPeakBytes, exact });
  const n = g.ops.length;
  if (n <= 1) return unchanged(true);
  const m = buildModel(g, bytesOf);
  const all = g.ops.map((_, i) => i);
  if (isChain(m, all)) return unchanged(true);

  // Segments between cut ops; cut ops stay where they are.
  const reach = reachability(m);
  const cut = findCuts(m, reach);
  const segments: Segment[] = [];
  const newSeg = (start: number, end: number): Segment => {
    const ops = all.slice(start, end);
    return { start, end, ops, fixed: false, order: ops, peak: 0, done: false, memo: new Map() };
  };
  let s0 = 0;
  for (let i = 0; i <= n; i++) {
    if (i === n || cut[i]) {
      if (i > s0) segments.push(newSeg(s0, i));
      if (i < n) segments.push(newSeg(i, i + 1));
      s0 = i + 1;
    }
  }
  const pl = new Planner(m, segments);
  pl.deadline = t0 + timeCap;

  // Heuristic orders per segment; fixed segments (one valid order) give proven costs.
  let provenLB = forcedLowerBound(m, reach);
  for (const seg of segments) {
    pl.base(seg);
    seg.peak = pl.evalSeq(seg.ops);
    seg.fixed = isChain(m, seg.ops);
    if (seg.fixed) {
      seg.done = true;
      if (seg.peak > provenLB) provenLB = seg.peak;
      continue;
    }
    for (const variant of [0, 1, 2] as const) {
      const o = pl.greedy(seg, variant);
      const p = pl.evalSeq(o);
      if (p < seg.peak) {
        seg.peak = p;
        seg.order = o;
      }
    }
  }
  const open = segments.filter((s) => !s.fixed);
  const byPeak = () => open.sort((a, b) => b.peak - a.peak || a.start - b.start);

  /**
   * Exact search of the open segments until `until`: each gets at most `nodes` search nodes when given,
   * else a share of the time left.
   */
  const exactPass = (until: number, nodes = Infinity): void => {
    const todo = byPeak().filter((s) => !s.done);
    for (let k = 0; k < todo.length; k++) {
      const seg = todo[k];
      if (seg.peak <= provenLB) {
        seg.done = true; // good enough: some other part of the graph needs at least this much
        continue;
      }
      const now = performance.now();
      const left = until - now;
      if (left <= 0) break;
      pl.deadline = nodes === Infinity ? now + left / (todo.length - k) : until;
      pl.nodeLimit = pl.nodes + nodes;
      pl.base(seg);
      const hi = seg.peak;
      try {
        const r = pl.search(seg, provenLB, hi);
        pl.base(seg);
        if (r < hi) {
          const o = pl.reconstruct(seg);
          const p = o ? pl.evalSeq(o) : Infinity;
          if (o && p <= r) {
            seg.order = o;
            seg.peak = p;
          }
          if (r > provenLB) provenLB = r; // the segment's exact minimum
        } else if (hi > provenLB) provenLB = hi; // nothing below the heuristic: it is the minimum
        seg.done = true;
      } catch (err) {
        if (err !== ABORT && !(err instanceof RangeError)) throw err;
        pl.base(seg);
        const root = seg.memo.get(rootKey(seg.ops.length));
        if (root) {
          if (root.ub < seg.peak) {
            const o = pl.reconstruct(seg);
            const p = o ? pl.evalSeq(o) : Infinity;
            if (o && p < seg.peak) {
              seg.order = o;
              seg.peak = p;
            }
          }
          if (root.lb > provenLB) provenLB = root.lb;
        }
        if (err instanceof RangeError) seg.done = true; // too deep to search: keep the heuristic
      }
    }
  };

  // 1. A short exact try with a node budget, not a time share, so that what it solves does not depend on the
  //    machine's speed (small segments and Inception/ResNet-style blocks finish here).
  exactPass(t0 + timeCap, Math.max(2000, Math.floor(QUICK_NODES / Math.max(open.length, 1))));
  // 2. Beam searches of growing width for the rest, for up to a quarter of the cap: a good order prunes the
  //    exact search, and is the answer if that does not finish. A beam that never had to drop a partial
  //    order considered every order: its result is exact.
  const beamDeadline = Math.min(t0 + timeCap, performance.now() + timeCap / 4);
  for (let width = 8; width <= 512 && performance.now() < beamDeadline; width *= 4) {
    const todo = byPeak().filter((s) => !s.done && s.peak > provenLB);
    if (todo.length === 0) break;
    for (const seg of todo) {
      pl.base(seg);
      const b = pl.beam(seg, width, beamDeadline);
      if (!b) break;
      const p = pl.evalSeq(b.order);
      if (p < seg.peak) {
        seg.peak = p;
        seg.order = b.order;
      }
      if (b.complete) {
        seg.done = true;
        if (seg.peak > provenLB) provenLB = seg.peak;
      }
    }
  }
  // 3. Exact search again with the rest of the time (the memo keeps what the first try proved).
  for (let pass = 0; pass < 3 && performance.now() < t0 + timeCap; pass++) exactPass(t0 + timeCap);

  const order = segments.flatMap((s) => s.order).map((i) => g.ops[i]);
  const peakBytes = peakOfOrder(g, order, bytesOf);
  if (peakBytes > originalPeakBytes) return unchanged(originalPeakBytes <= provenLB);
  return { order, peakBytes, originalPeakBytes, exact: peakBytes <= provenLB };
}
