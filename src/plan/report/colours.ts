/** Buffer colours: palettes, and a colouring in which touching rectangles differ. */
import { PlanBuffer } from '../problem';

/** Fill colours: cool hues for activations, warm hues (and hatching) for scratch; neighbours get different ones. */
export const ACT_PALETTE = [
  'hsl(205,70%,62%)',
  'hsl(160,52%,52%)',
  'hsl(265,48%,68%)',
  'hsl(188,62%,45%)',
  'hsl(230,58%,70%)',
  'hsl(140,42%,62%)',
  'hsl(290,40%,60%)',
  'hsl(175,45%,68%)',
  'hsl(215,45%,50%)',
  'hsl(250,60%,76%)',
];
/** Fill colours of scratch buffers (drawn hatched as well). */
export const SCRATCH_PALETTE = ['hsl(28,90%,60%)', 'hsl(45,92%,55%)', 'hsl(14,85%,62%)', 'hsl(36,85%,72%)'];

/**
 * Chooses a palette index per buffer so that rectangles touching each other (in time and offset) differ:
 * greedy colouring in order of offset, taking the colour least used among already-coloured neighbours.
 */
export function assignColours(bufs: PlanBuffer[], offsets: number[]): string[] {
  const order = bufs.map((b) => b.id).sort((a, b) => offsets[a] - offsets[b] || bufs[a].first - bufs[b].first || a - b);
  const choice = new Array<number>(bufs.length).fill(-1);
  const touches = (a: PlanBuffer, b: PlanBuffer): boolean =>
    a.first <= b.last + 1 &&
    b.first <= a.last + 1 &&
    offsets[a.id] <= offsets[b.id] + b.bytes &&
    offsets[b.id] <= offsets[a.id] + a.bytes;
  const out: string[] = new Array<string>(bufs.length);
  for (const i of order) {
    const b = bufs[i];
    const palette = b.kind === 'scratch' ? SCRATCH_PALETTE : ACT_PALETTE;
    const used = new Array<number>(palette.length).fill(0);
    for (const j of order) {
      if (choice[j] < 0 || bufs[j].kind !== b.kind || !touches(b, bufs[j])) continue;
      used[choice[j]]++;
    }
    // Least used; ties broken by a per-buffer rotation so equal-looking runs still vary.
    let best = -1;
    for (let k = 0; k < palette.length; k++) {
      const c = (k + i * 3) % palette.length;
      if (best < 0 || used[c] < used[best]) best = c;
    }
    choice[i] = best;
    out[i] = palette[best];
  }
  return out;
}
