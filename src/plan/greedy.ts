import { Buffer, overlapsInTime } from './liveness';

/** Arena offsets for buffers: `offsets[b.index]` is where buffer b starts. */
export interface Placement {
  offsets: number[];
  arenaBytes: number;
}

/**
 * TFLM-style greedy placement: buffers sorted by size (largest first, then earliest first), each put at the
 * lowest offset where it overlaps no already placed buffer that is live at the same time.
 */
export function greedyBySize(buffers: Buffer[]): Placement {
  const order = [...buffers].sort((a, b) => b.bytes - a.bytes || a.first - b.first || a.index - b.index);
  const offsets = new Array<number>(buffers.length).fill(0);
  const placed: Buffer[] = [];
  let arena = 0;
  for (const buf of order) {
    const busy = placed
      .filter((p) => overlapsInTime(p, buf))
      .map((p) => ({ start: offsets[p.index], end: offsets[p.index] + p.bytes }))
      .sort((a, b) => a.start - b.start);
    let offset = 0;
    for (const r of busy) {
      if (offset + buf.bytes <= r.start) break;
      offset = Math.max(offset, r.end);
    }
    offsets[buf.index] = offset;
    arena = Math.max(arena, offset + buf.bytes);
    placed.push(buf);
  }
  return { offsets, arenaBytes: arena };
}
