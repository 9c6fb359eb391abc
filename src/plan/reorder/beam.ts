/**
 * Beam search over the partial orders of a segment: a fast way to a good order on segments too large for the
 * exact search, and exact itself when the beam never has to drop a partial order.
 */
import { performance } from 'perf_hooks';
import type { SearchContext } from './searchContext';
import { Segment, sortByPeak } from './segments';

/**
 * Beam searches of widths 8, 32, 128 and 512 over the open segments not yet done (highest peak first) until
 * `deadline`, keeping any better order. A beam that never dropped a partial order is exhaustive: its segment
 * is done and its peak a proven lower bound. Returns `provenLB` raised by such peaks.
 */
export function beamPasses(ctx: SearchContext, open: Segment[], provenLB: number, deadline: number): number {
  for (let width = 8; width <= 512 && performance.now() < deadline; width *= 4) {
    const todo = sortByPeak(open).filter((s) => !s.done && s.peak > provenLB);
    if (todo.length === 0) break;
    for (const seg of todo) {
      ctx.base(seg);
      const b = beamSearch(ctx, seg, width, deadline);
      if (!b) break;
      const p = ctx.evalSeq(b.order);
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
  return provenLB;
}

/**
 * Beam search over the segment from the base state: keeps the `width` best partial orders of each length
 * (least peak so far, then least resident bytes), merging partial orders that executed the same op set.
 * Returns undefined once `deadline` passes; `complete` when no depth had more than `width` op sets (then
 * every order was considered and the result is optimal). State left at base.
 */
export function beamSearch(ctx: SearchContext, seg: Segment, width: number, deadline: number): { order: number[]; complete: boolean } | undefined {
  const m = ctx.m;
  const st = ctx.st;
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
