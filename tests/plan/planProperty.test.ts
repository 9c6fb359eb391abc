/**
 * Property tests over random DAGs: every placement algorithm's result passes the independent placement
 * checker, and the chosen plan passes the graph-level checker (every overlap of live tensors is a legal alias,
 * view, in-place or write-behind reuse).
 */
import { buildProblem, planMemory } from '../../src/plan';
import { checkPlacement } from '../../src/plan/check';
import { checkPlanAgainstGraph } from '../../src/plan/checkGraph';
import { solvePlacement } from '../../src/plan/solve';
import { opWriteAhead, opWriteBehind } from '../../src/plan/writeBehind';
import { randomDag } from './randomDags';

it('1,000 random DAGs: every algorithm passes the checkers', () => {
  let rules = 0;
  let views = 0;
  let inPlaceDw = 0;
  let belowLb = 0;
  for (let seed = 1; seed <= 1000; seed++) {
    const g = randomDag(seed, 4 + (seed % 14));
    const int8 = seed % 2 === 0;
    const elemBytes = () => (int8 ? 1 : 4);
    const b = buildProblem(g, { align: 16, elemBytes, inPlace: true, zeroCopyConcat: true, writeBehind: opWriteBehind, writeAhead: opWriteAhead });
    const s = solvePlacement(b.problem, { timeCapMs: 5 });
    for (const p of s.results) {
      const errs = checkPlacement(b.problem, p);
      if (errs.length) throw new Error(`seed ${seed} ${p.algorithm}: ${errs[0]}`);
    }
    const plan = planMemory(g, { activations: int8 ? 'int8' : 'native', timeCapMs: 10 });
    const errs = checkPlanAgainstGraph(plan);
    if (errs.length) throw new Error(`seed ${seed}: ${errs[0]}`);
    rules += b.problem.rules.length;
    views += b.concatViews.size;
    inPlaceDw += b.inPlaceDepthwise.size;
    if (plan.arenaBytes < plan.lowerBound) belowLb++;
  }
  console.log(`random DAGs: ${rules} overlap rules, ${views} zero-copy concats, ${inPlaceDw} in-place depthwise; ${belowLb}/1000 plans below the plain LB`);
  // The techniques were actually exercised.
  expect(rules).toBeGreaterThan(100);
  expect(views).toBeGreaterThan(100);
  expect(inPlaceDw).toBeGreaterThan(50);
  expect(belowLb).toBeGreaterThan(100);
}, 300_000);

it('the graph-level checker catches an illegal overlap', () => {
  let caught = 0;
  let tried = 0;
  for (let seed = 2001; seed <= 2100; seed++) {
    const g = randomDag(seed, 10);
    const plan = planMemory(g, { timeCapMs: 10 });
    // Move one non-input tensor onto another tensor that is live at the same step and not related to it.
    const ids = [...plan.offsets.keys()].filter((id) => !g.inputs.includes(id));
    const steps = new Map<number, number>();
    plan.graph.ops.forEach((op, s) => op.outputs.forEach((o) => steps.set(o, s)));
    const a = ids.find((id) => plan.graph.ops.some((op) => op.inputs.includes(id) && (steps.get(id) ?? 0) + 1 < plan.graph.ops.indexOf(op)));
    if (a === undefined) continue;
    const sa = steps.get(a) as number;
    const b = ids.find((id) => id !== a && steps.get(id) === sa + 1 && plan.graph.ops[sa + 1].inputs.indexOf(a) < 0);
    if (b === undefined) continue;
    tried++;
    plan.offsets.set(b, plan.offsets.get(a) as number);
    if (checkPlanAgainstGraph(plan).length > 0) caught++;
  }
  expect(tried).toBeGreaterThan(10);
  expect(caught).toBe(tried);
});
