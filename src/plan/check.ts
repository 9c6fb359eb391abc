/**
 * The independent placement checker. It shares no code with the placement algorithms on purpose: it reads
 * the problem's buffers and rules directly and tests every pair of buffers plainly.
 */
import type { PairRule, Placement, PlacementProblem } from './problem';

/**
 * Checks a placement against its problem and returns every violation as a human-readable line (an empty array
 * means the placement is valid):
 * - the placement has one offset per buffer, each a non-negative integer multiple of `problem.align`;
 * - every buffer ends within `arenaBytes` (so `arenaBytes` is at least the largest offset + bytes);
 * - two buffers live at a common step do not share a byte, unless a PairRule covers the pair: then
 *   d = off(b) − off(a) lies outside each of the rule's forbidden open intervals (lo, hi). When a pair is
 *   listed more than once, the last rule counts (as in the algorithms).
 */
export function checkPlacement(problem: PlacementProblem, placement: Placement): string[] {
  const errors: string[] = [];
  const buffers = problem.buffers;
  const offsets = placement.offsets;
  const align = problem.align;
  const name = (i: number) => `'${buffers[i].label}' (#${i})`;

  if (!Number.isInteger(placement.arenaBytes) || placement.arenaBytes < 0) {
    errors.push(`arenaBytes ${placement.arenaBytes} is not a non-negative integer`);
  }
  if (offsets.length !== buffers.length) {
    errors.push(`placement has ${offsets.length} offsets for ${buffers.length} buffers`);
  }

  // Each buffer on its own.
  let maxEnd = 0;
  let maxEndBuffer = -1;
  const usable: boolean[] = [];
  for (let i = 0; i < buffers.length; i++) {
    const off = offsets[i];
    usable.push(false);
    if (typeof off !== 'number' || !Number.isInteger(off)) {
      errors.push(`buffer ${name(i)}: offset ${String(off)} is not an integer`);
      continue;
    }
    usable[i] = true;
    if (off < 0) errors.push(`buffer ${name(i)}: offset ${off} is negative`);
    if (align > 1 && off % align !== 0) errors.push(`buffer ${name(i)}: offset ${off} is not a multiple of the alignment ${align}`);
    const end = off + buffers[i].bytes;
    if (end > placement.arenaBytes) {
      errors.push(`buffer ${name(i)}: bytes [${off}, ${end}) run past the arena of ${placement.arenaBytes} bytes`);
    }
    if (end > maxEnd) {
      maxEnd = end;
      maxEndBuffer = i;
    }
  }
  if (maxEndBuffer >= 0 && placement.arenaBytes < maxEnd) {
    errors.push(`arenaBytes ${placement.arenaBytes} is smaller than the largest buffer end ${maxEnd} (${name(maxEndBuffer)})`);
  }

  // The rules, looked up by unordered pair (key: smaller id × count + larger id).
  const rules = new Map<number, PairRule>();
  for (const rule of problem.rules) {
    if (!buffers[rule.a] || !buffers[rule.b]) {
      errors.push(`rule (${rule.a}, ${rule.b}) '${rule.reason}' names a buffer that does not exist`);
      continue;
    }
    const lo = Math.min(rule.a, rule.b);
    const hi = Math.max(rule.a, rule.b);
    rules.set(lo * buffers.length + hi, rule);
  }

  // Every pair of buffers that is live at a common step.
  for (let i = 0; i < buffers.length; i++) {
    if (!usable[i]) continue;
    for (let j = i + 1; j < buffers.length; j++) {
      if (!usable[j]) continue;
      const bi = buffers[i];
      const bj = buffers[j];
      const firstCommon = Math.max(bi.first, bj.first);
      const lastCommon = Math.min(bi.last, bj.last);
      if (firstCommon > lastCommon) continue; // never live together
      const startI = offsets[i];
      const endI = startI + bi.bytes;
      const startJ = offsets[j];
      const endJ = startJ + bj.bytes;
      const where = () => `at step ${firstCommon}: ${name(i)} at [${startI}, ${endI}) and ${name(j)} at [${startJ}, ${endJ})`;
      const rule = rules.size > 0 ? rules.get(i * buffers.length + j) : undefined;
      if (!rule) {
        // Plain pair: the byte ranges must not share a byte.
        const share = startI < endJ && startJ < endI;
        if (share) errors.push(`overlap ${where()}`);
        continue;
      }
      // Ruled pair: d is measured from the rule's 'a' to its 'b'.
      const offA = offsets[rule.a];
      const offB = offsets[rule.b];
      const d = offB - offA;
      for (const [lo, hi] of rule.forbidden) {
        if (d > lo && d < hi) {
          errors.push(
            `illegal overlap ${where()}: off('${buffers[rule.b].label}') − off('${buffers[rule.a].label}') = ${d} ` +
              `lies in the forbidden interval (${lo}, ${hi}) of rule '${rule.reason}'`,
          );
        }
      }
    }
  }
  return errors;
}
