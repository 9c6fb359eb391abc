/** Figures derived from a target descriptor: RAM and flash totals, the clock in Hz and MHz. */
import { Target } from './types';

/** What the descriptor says about the board's resources; null where it says nothing. */
export interface TargetFigures {
  /** RAM bytes: upload.maximum_ram_size, else the sum of the memory map's RAM regions. */
  ramBytes: number | null;
  /** Flash bytes: upload.maximum_size, else the sum of the memory map's flash regions. */
  flashBytes: number | null;
  /** Core clock in Hz (build.f_cpu, PlatformIO's "120000000L" form accepted). */
  clockHz: number | null;
  /** The clock in MHz as text without trailing zeros ("180", "16.5"). */
  clockMHz: string | null;
}

function regionTotal(t: Target, kind: 'flash' | 'ram'): number | null {
  const regions = (t.memory?.regions ?? []).filter((r) => r.kind === kind);
  return regions.length ? regions.reduce((s, r) => s + r.length, 0) : null;
}

/** Core clock in Hz from build.f_cpu (a number or PlatformIO's string form), null when absent. */
export function clockHz(t: Target): number | null {
  const f = t.build.f_cpu;
  if (f === undefined) return null;
  return typeof f === 'number' ? f : Number(f.replace(/L$/, ''));
}

/** RAM, flash and clock figures of a target (see {@link TargetFigures}). */
export function targetFigures(t: Target): TargetFigures {
  const hz = clockHz(t);
  return {
    ramBytes: t.upload.maximum_ram_size ?? regionTotal(t, 'ram'),
    flashBytes: t.upload.maximum_size ?? regionTotal(t, 'flash'),
    clockHz: hz,
    clockMHz: hz === null ? null : String(Number((hz / 1e6).toFixed(6))),
  };
}
