/**
 * Cutting the graph into independent segments. An op that every other op is an ancestor or descendant of
 * (a cut op) runs at the same step in every order; the executed-op sets split there, and the peak is the max
 * over the segments between cuts, so each segment is searched on its own.
 */
import type { MemoEntry } from './memo';
import type { Reach } from './reachability';
import type { ScheduleModel } from './scheduleModel';

/** A contiguous range [start, end) of the original order between two cut ops. */
export interface Segment {
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

function popcount32(x: number): number {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  return (((x + (x >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
}

/** Positions (in the original order) of ops that every other op is an ancestor or descendant of. */
export function findCuts(m: ScheduleModel, reach: Reach | undefined): boolean[] {
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
 * Splits the op indices `all` (0 … n−1, the original order) at the cut ops: the ranges between cuts, and
 * every cut op as a one-op segment of its own, in order. Each segment starts with its original order.
 */
export function splitAtCuts(all: number[], cut: boolean[]): Segment[] {
  const n = all.length;
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
  return segments;
}

/** Sorts `segments` in place, highest peak first (then original position), and returns it. */
export function sortByPeak(segments: Segment[]): Segment[] {
  return segments.sort((a, b) => b.peak - a.peak || a.start - b.start);
}
