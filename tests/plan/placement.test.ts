import { exactPlacement } from '../../src/plan/algorithms/exact';
import { greedyByConflicts } from '../../src/plan/algorithms/greedyByConflicts';
import { greedyBySize } from '../../src/plan/algorithms/greedyBySize';
import { hillClimb } from '../../src/plan/algorithms/hillClimb';
import { checkPlacement } from '../../src/plan/check';
import { lowerBound, PairRule, Placement, PlacementProblem, PlanBuffer } from '../../src/plan/problem';
import { relaxedLowerBound, ruleMaxOverlap } from '../../src/plan/relaxedBound';
import { solvePlacement } from '../../src/plan/solve';
import { mulberry32 } from '../helpers/rng';
import { randomProblem, RandomProblemOptions } from './randomProblems';

/** A problem from [label, bytes, first, last] rows. */
function problem(rows: [string, number, number, number][], rules: PairRule[] = [], align = 16): PlacementProblem {
  const buffers: PlanBuffer[] = rows.map(([label, bytes, first, last], id) => ({
    id,
    bytes,
    first,
    last,
    label,
    tensors: [id],
    kind: 'activation',
  }));
  const steps = Math.max(...rows.map((r) => r[3])) + 1;
  return { buffers, steps, align, rules };
}

function expectValid(p: PlacementProblem, pl: Placement): void {
  expect(checkPlacement(p, pl)).toEqual([]);
}

/** A second, plain statement of the pair constraint (for brute force and for testing the checker). */
function pairOracle(p: PlacementProblem): { together: (i: number, j: number) => boolean; ok: (i: number, j: number, off: number[]) => boolean } {
  const rules = new Map<string, PairRule>();
  for (const r of p.rules) rules.set(`${Math.min(r.a, r.b)}/${Math.max(r.a, r.b)}`, r);
  const together = (i: number, j: number) => p.buffers[i].first <= p.buffers[j].last && p.buffers[j].first <= p.buffers[i].last;
  const ok = (i: number, j: number, off: number[]) => {
    if (!together(i, j)) return true;
    const r = rules.get(`${Math.min(i, j)}/${Math.max(i, j)}`);
    if (r) {
      const d = off[r.b] - off[r.a];
      return r.forbidden.every(([lo, hi]) => !(d > lo && d < hi));
    }
    return off[i] + p.buffers[i].bytes <= off[j] || off[j] + p.buffers[j].bytes <= off[i];
  };
  return { together, ok };
}

/**
 * Brute force, independent of the algorithms: the smallest arena below `upper` over every assignment of
 * aligned offsets (the whole solution space, since offsets must be aligned), or `upper` when there is none.
 */
function bruteForceMin(p: PlacementProblem, upper: number): number {
  const n = p.buffers.length;
  const { together, ok } = pairOracle(p);
  const order = p.buffers.map((_, i) => i).sort((a, b) => p.buffers[a].first - p.buffers[b].first || a - b);
  const lonely = p.buffers.map((_, i) => p.buffers.every((_, j) => j === i || !together(i, j)));
  const off = new Array<number>(n).fill(0);
  let best = upper;
  const go = (k: number, arena: number) => {
    if (arena >= best) return;
    if (k === n) {
      best = arena;
      return;
    }
    const i = order[k];
    const maxOff = lonely[i] ? 0 : best - p.buffers[i].bytes - 1;
    for (let o = 0; o <= maxOff; o += p.align) {
      off[i] = o;
      let fine = true;
      for (let m = 0; m < k && fine; m++) fine = ok(i, order[m], off);
      if (fine) go(k + 1, Math.max(arena, o + p.buffers[i].bytes));
    }
  };
  go(0, 0);
  return best;
}

describe('placement: hand-made cases', () => {
  // Units of 16 bytes. Greedy by size puts the two 48-byte buffers at 0 and 48, then the late 16-byte 'e'
  // finds no gap below 96; the liveness bound (96 at steps 0 and 3) is reachable.
  const tflm = problem([
    ['conv_out', 64, 3, 3],
    ['input', 48, 0, 0],
    ['head', 16, 3, 3],
    ['stem', 48, 0, 2],
    ['skip', 16, 2, 3],
  ]);

  it('classic case where TFLM greedy is suboptimal: exact and hill-climb reach the bound', () => {
    const gs = greedyBySize(tflm);
    expectValid(tflm, gs);
    expect(gs.algorithm).toBe('greedy-by-size');
    expect(gs.arenaBytes).toBe(112);
    expect(lowerBound(tflm).bytes).toBe(96);
    const ex = exactPlacement(tflm);
    expectValid(tflm, ex.placement);
    expect(ex.placement.arenaBytes).toBe(96);
    expect(ex.optimal).toBe(true);
    const hc = hillClimb(tflm, { target: 96 });
    expectValid(tflm, hc);
    expect(hc.arenaBytes).toBe(96);
    const r = solvePlacement(tflm);
    expect(r.results[0].arenaBytes).toBe(112);
    expect(r.best.arenaBytes).toBe(96);
    expect(r.lowerBound).toBe(96);
    expect(r.reachedLowerBound).toBe(true);
    expect(r.optimal).toBe(true);
  });

  it('exact proves optimality when the bound is not reachable (greedy 12, optimum 9, bound 8 units)', () => {
    const p = problem([
      ['b0', 48, 3, 4],
      ['b1', 64, 1, 1],
      ['b2', 64, 5, 5],
      ['b3', 48, 4, 5],
      ['b4', 32, 2, 4],
      ['b5', 16, 0, 0],
      ['b6', 32, 2, 3],
      ['b7', 64, 1, 2],
    ]);
    expect(lowerBound(p).bytes).toBe(128);
    expect(greedyBySize(p).arenaBytes).toBe(192);
    const ex = exactPlacement(p, { timeCapMs: 2000 });
    expect(ex.optimal).toBe(true);
    expectValid(p, ex.placement);
    expect(ex.placement.arenaBytes).toBe(144);
    expect(bruteForceMin(p, 144)).toBe(144); // nothing at 128
    const r = solvePlacement(p);
    expect(r.best.arenaBytes).toBe(144);
    expect(r.reachedLowerBound).toBe(false);
    expect(r.optimal).toBe(true);
  });

  it('full in-place rule: d = 0 is allowed, any partial overlap is not', () => {
    const rule: PairRule = { a: 0, b: 1, forbidden: [[-64, 0], [0, 64]], reason: "relu 'act1' in place" };
    const p = problem([['conv1', 64, 0, 1], ['act1', 64, 1, 2], ['other', 32, 0, 2]], [rule]);
    expect(ruleMaxOverlap(p, rule)).toBe(64);
    expect(relaxedLowerBound(p).bytes).toBe(96);
    for (const pl of [greedyBySize(p), greedyByConflicts(p), hillClimb(p), exactPlacement(p).placement]) {
      expectValid(p, pl);
      expect(pl.arenaBytes).toBe(96);
    }
    const r = solvePlacement(p);
    expect(r.best.arenaBytes).toBe(96);
    expect(r.reachedLowerBound).toBe(true);
    // Without the rule the two must be disjoint.
    expect(solvePlacement({ ...p, rules: [] }).best.arenaBytes).toBe(160);
    // The checker: exact overlap fine, partial overlap names both labels, the step, the ranges and the rule.
    expect(checkPlacement(p, { offsets: [0, 0, 64], arenaBytes: 96, algorithm: 'hand' })).toEqual([]);
    const bad = checkPlacement(p, { offsets: [0, 16, 96], arenaBytes: 128, algorithm: 'hand' });
    expect(bad).toHaveLength(1);
    expect(bad[0]).toContain("'conv1'");
    expect(bad[0]).toContain("'act1'");
    expect(bad[0]).toContain('step 1');
    expect(bad[0]).toContain('[0, 64)');
    expect(bad[0]).toContain('[16, 80)');
    expect(bad[0]).toContain("relu 'act1' in place");
  });

  it("write-behind rule: a 1x1 conv's smaller output may start at or before its input + k", () => {
    // Input 64 B (4 px × 16 B), output 32 B (4 px × 8 B): out may start at d ≤ 32 from the input and overlap it.
    const rule: PairRule = { a: 0, b: 1, forbidden: [[32, 64]], reason: "1x1 conv 'pw' writes behind its reads" };
    const p = problem([['dw_out', 64, 0, 1], ['pw_out', 32, 1, 2], ['scratch', 32, 1, 1]], [rule]);
    expect(ruleMaxOverlap(p, rule)).toBe(32);
    expect(relaxedLowerBound(p).bytes).toBe(96);
    const r = solvePlacement(p);
    expectValid(p, r.best);
    expect(r.best.arenaBytes).toBe(96);
    expect(r.optimal).toBe(true);
    // d = 16 (legal, aligned) and d = 48 (forbidden).
    expect(checkPlacement(p, { offsets: [0, 16, 64], arenaBytes: 96, algorithm: 'hand' })).toEqual([]);
    const bad = checkPlacement(p, { offsets: [0, 48, 96], arenaBytes: 128, algorithm: 'hand' });
    expect(bad).toHaveLength(1);
    expect(bad[0]).toContain('(32, 64)');
    expect(bad[0]).toContain('writes behind its reads');
  });

  it('rule interval ends that are not aligned round up to the next aligned offset', () => {
    const rule: PairRule = { a: 0, b: 1, forbidden: [[0, 40]], reason: 'odd rule' };
    const p = problem([['x', 64, 0, 1], ['y', 64, 1, 1]], [rule]);
    // d = 0 is legal (open interval), so y sits on x.
    expect(greedyBySize(p).offsets).toEqual([0, 0]);
    const q = problem([['x', 64, 0, 1], ['y', 64, 1, 1], ['z', 16, 1, 1]], [{ ...rule, forbidden: [[-80, 40]] }]);
    // y may not start in (x − 80, x + 40): with x at 0 the first aligned legal offset is 48, not 40.
    const gs = greedyBySize(q);
    expectValid(q, gs);
    expect(gs.offsets[1] - gs.offsets[0]).toBe(48);
  });

  it('the checker reports offsets that are negative, unaligned, past the arena, and a too-small arena', () => {
    const p = problem([['a', 32, 0, 1], ['b', 32, 1, 2], ['c', 16, 3, 3]]);
    expect(checkPlacement(p, { offsets: [0, 32, 0], arenaBytes: 64, algorithm: 'hand' })).toEqual([]);
    const v = checkPlacement(p, { offsets: [-16, 8, 64], arenaBytes: 48, algorithm: 'hand' });
    expect(v.some((m) => m.includes("'a'") && m.includes('negative'))).toBe(true);
    expect(v.some((m) => m.includes("'b'") && m.includes('not a multiple of the alignment 16'))).toBe(true);
    expect(v.some((m) => m.includes("'c'") && m.includes('past the arena'))).toBe(true);
    expect(v.some((m) => m.includes('arenaBytes 48 is smaller than the largest buffer end 80'))).toBe(true);
    expect(v.some((m) => m.startsWith('overlap at step 1') && m.includes('[-16, 16)') && m.includes('[8, 40)'))).toBe(true);
    expect(checkPlacement(p, { offsets: [0, 32], arenaBytes: 64, algorithm: 'hand' })[0]).toContain('2 offsets for 3 buffers');
  });

  it('solvePlacement honours the algorithm list and rejects unknown names', () => {
    const r = solvePlacement(tflm, { algorithms: ['greedy-by-conflicts'] });
    expect(r.results.map((x) => x.algorithm)).toEqual(['greedy-by-size', 'greedy-by-conflicts']);
    expect(() => solvePlacement(tflm, { algorithms: ['magic'] })).toThrow(/unknown placement algorithm 'magic'/);
    const empty = solvePlacement({ buffers: [], steps: 0, align: 16, rules: [] });
    expect(empty.best.arenaBytes).toBe(0);
    expect(empty.optimal).toBe(true);
  });
});

describe('placement: timing', () => {
  it('a 200-buffer problem solves in under 2 s', () => {
    const p = randomProblem(5, { ops: 170, scratchProb: 0.15, skipProb: 0.5 });
    expect(p.buffers.length).toBeGreaterThanOrEqual(200);
    const t0 = performance.now();
    const r = solvePlacement(p);
    const ms = performance.now() - t0;
    expect(ms).toBeLessThan(2000);
    for (const pl of r.results) expectValid(p, pl);
    expect(r.best.arenaBytes).toBeLessThanOrEqual(r.results[0].arenaBytes);
    expect(r.best.arenaBytes).toBeGreaterThanOrEqual(r.lowerBound);
  });

  it('the exact search on a hard 40-buffer instance returns within its cap + 50 ms', () => {
    const p = randomProblem(4, { ops: 34, skipProb: 0.4, scratchProb: 0.1 });
    expect(p.buffers.length).toBe(40);
    for (const cap of [500, 100]) {
      const t0 = performance.now();
      const r = exactPlacement(p, { timeCapMs: cap });
      const ms = performance.now() - t0;
      expect(ms).toBeLessThan(cap + 50);
      expect(r.optimal).toBe(!r.timedOut); // (it does time out: 5 s are not enough for a proof either)
      expectValid(p, r.placement);
      expect(r.placement.arenaBytes).toBeLessThanOrEqual(greedyBySize(p).arenaBytes);
    }
  });
});

describe('placement: properties over random problems', () => {
  interface Tally {
    problems: number;
    greedyBeaten: number;
    reachedBound: number;
    provenByExact: number;
  }

  /**
   * Solves and checks one problem; also runs every algorithm on its own. Returns what is wrong (checked with
   * plain comparisons: thousands of `expect` calls would dominate the run time).
   */
  function checkOne(p: PlacementProblem, t: Tally, capMs: number): string[] {
    const bad: string[] = [];
    const lb = relaxedLowerBound(p).bytes;
    if (p.rules.length === 0 && lb !== lowerBound(p).bytes) bad.push(`relaxed bound ${lb} ≠ liveness bound ${lowerBound(p).bytes}`);
    const gs = greedyBySize(p);
    const own = [gs, greedyByConflicts(p), hillClimb(p, { timeCapMs: capMs, target: lb, patience: 200 })];
    if (p.buffers.length <= 20) own.push(exactPlacement(p, { timeCapMs: capMs }).placement);
    const r = solvePlacement(p, { timeCapMs: capMs });
    for (const pl of [...own, ...r.results]) {
      const v = checkPlacement(p, pl);
      if (v.length) bad.push(`${pl.algorithm}: ${v.join('; ')}`);
      if (pl.arenaBytes < lb) bad.push(`${pl.algorithm}: arena ${pl.arenaBytes} below the bound ${lb}`);
    }
    const gsAgain = r.results[0];
    if (gsAgain.algorithm !== 'greedy-by-size' || gsAgain.arenaBytes !== gs.arenaBytes || gsAgain.offsets.join() !== gs.offsets.join()) {
      bad.push('solve did not start with the greedy-by-size baseline');
    }
    if (r.lowerBound !== lb) bad.push(`solve bound ${r.lowerBound} ≠ ${lb}`);
    if (r.best.arenaBytes > gs.arenaBytes) bad.push(`best ${r.best.arenaBytes} > greedy ${gs.arenaBytes}`);
    if (r.best.arenaBytes !== Math.min(...r.results.map((x) => x.arenaBytes))) bad.push('best is not the smallest result');
    if (r.reachedLowerBound !== r.best.arenaBytes <= lb) bad.push('reachedLowerBound is wrong');
    if (r.reachedLowerBound && !r.optimal) bad.push('reached the bound but not optimal');
    // The hill climb starts from the greedy-by-size order, so it is never worse.
    if (own[2].arenaBytes > gs.arenaBytes) bad.push(`hill climb ${own[2].arenaBytes} > greedy ${gs.arenaBytes}`);
    t.problems++;
    if (r.best.arenaBytes < gs.arenaBytes) t.greedyBeaten++;
    if (r.reachedLowerBound) t.reachedBound++;
    else if (r.optimal) t.provenByExact++;
    return bad;
  }

  function sweep(count: number, seed0: number, opts: (rng: () => number) => RandomProblemOptions, capMs: number): Tally {
    const t: Tally = { problems: 0, greedyBeaten: 0, reachedBound: 0, provenByExact: 0 };
    const rng = mulberry32(seed0);
    const failures: string[] = [];
    for (let s = 0; s < count; s++) {
      const seed = seed0 * 100000 + s;
      const o = opts(rng);
      for (const m of checkOne(randomProblem(seed, o), t, capMs)) failures.push(`randomProblem(${seed}, ${JSON.stringify(o)}): ${m}`);
    }
    expect(failures.slice(0, 10)).toEqual([]);
    return t;
  }

  const int = (rng: () => number, lo: number, hi: number) => lo + Math.floor(rng() * (hi - lo + 1));

  it('plain graph-shaped problems (1500)', () => {
    const t = sweep(1500, 1, (rng) => ({ ops: int(rng, 2, 24), skipProb: rng() * 0.5, scratchProb: rng() * 0.3, maxUnits: int(rng, 2, 12) }), 10);
    expect(t.problems).toBe(1500);
    expect(t.greedyBeaten).toBeGreaterThan(50); // the solver does beat TFLM greedy on a fair share
  });

  it('problems with in-place and write-behind rules (1000)', () => {
    const t = sweep(1000, 2, (rng) => ({ ops: int(rng, 2, 20), skipProb: rng() * 0.4, ruleProb: 0.3 + 0.7 * rng(), align: rng() < 0.5 ? 16 : 4 }), 10);
    expect(t.problems).toBe(1000);
  });

  it('problems with general (unaligned, one-sided) rules (400)', () => {
    const t = sweep(400, 3, (rng) => ({ ops: int(rng, 2, 12), ruleProb: 0.8, generalRuleProb: 0.6 }), 10);
    expect(t.problems).toBe(400);
  });

  it('the checker agrees with a plain pair oracle on random placements, valid or not (3000)', () => {
    const rng = mulberry32(5);
    let valid = 0;
    let invalid = 0;
    const failures: string[] = [];
    for (let s = 0; s < 3000; s++) {
      const p = randomProblem(500000 + s, { ops: int(rng, 1, 8), ruleProb: 0.7, generalRuleProb: 0.3, align: 8, maxUnits: 4 });
      const { together, ok } = pairOracle(p);
      // Half the time start from a solver placement and move one buffer; else fully random offsets.
      const base = rng() < 0.5 ? greedyBySize(p).offsets.slice() : p.buffers.map(() => 8 * int(rng, 0, 6));
      const moved = int(rng, 0, p.buffers.length - 1);
      base[moved] = 8 * int(rng, 0, 8);
      const arenaBytes = Math.max(...p.buffers.map((b, i) => base[i] + b.bytes));
      let expectOk = true;
      let overlapping = 0;
      for (let i = 0; i < p.buffers.length; i++) {
        for (let j = i + 1; j < p.buffers.length; j++) {
          if (together(i, j) && !ok(i, j, base)) {
            expectOk = false;
            overlapping++;
          }
        }
      }
      const v = checkPlacement(p, { offsets: base, arenaBytes, algorithm: 'random' });
      if (expectOk) valid++;
      else invalid++;
      if (v.length !== overlapping) failures.push(`seed ${500000 + s}: oracle finds ${overlapping} bad pairs, checker says ${JSON.stringify(v)}`);
    }
    expect(failures.slice(0, 5)).toEqual([]);
    expect(valid).toBeGreaterThan(300);
    expect(invalid).toBeGreaterThan(300);
  });

  it('on tiny problems the exact search is optimal and agrees with brute force over all aligned offsets (600)', () => {
    const rng = mulberry32(4);
    let withRules = 0;
    let greedyWorse = 0;
    let checked = 0;
    for (let s = 0; checked < 600; s++) {
      const kind = s % 3;
      const p = randomProblem(400000 + s, {
        ops: int(rng, 2, 5),
        maxUnits: 3,
        align: 8,
        scratchProb: 0.3,
        skipProb: 0.5,
        ruleProb: kind === 0 ? 0 : 0.8,
        generalRuleProb: kind === 2 ? 0.7 : 0,
      });
      // Small enough for brute force: at most 6 buffers and a greedy arena of at most 16 grid points.
      if (p.buffers.length > 6 || greedyBySize(p).arenaBytes > 16 * p.align) continue;
      checked++;
      if (p.rules.length) withRules++;
      const ex = exactPlacement(p, { timeCapMs: 2000 });
      expect(ex.optimal).toBe(true);
      expectValid(p, ex.placement);
      const brute = bruteForceMin(p, ex.placement.arenaBytes);
      if (brute !== ex.placement.arenaBytes) {
        throw new Error(`seed ${400000 + s}: brute force finds ${brute} < exact ${ex.placement.arenaBytes}`);
      }
      // The solver finds it too (and knows it is optimal).
      const r = solvePlacement(p, { timeCapMs: 50 });
      expect(r.best.arenaBytes).toBe(ex.placement.arenaBytes);
      expect(r.optimal).toBe(true);
      if (greedyBySize(p).arenaBytes > ex.placement.arenaBytes) greedyWorse++;
    }
    expect(withRules).toBeGreaterThan(300);
    expect(greedyWorse).toBeGreaterThan(20);
  });
});
