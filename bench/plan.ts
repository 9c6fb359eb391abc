/**
 * Memory-planning figures beside their anchors: int8 arenas of the MLPerf-Tiny-shaped models next to the
 * liveness lower bound (LB) and TFLM's greedy planner, the DenseNet zero-copy and pre-activation figures, and
 * the planning time of a 200-op graph.
 */
import { Graph } from '../src/ir/types';
import { fusePreActivation } from '../src/passes';
import { planMemory } from '../src/plan';
import { table } from '../src/cli/table';
import { chain200, denseBlock } from '../tests/plan/graphs';

const r3 = (x: number) => x.toFixed(3);

/** Rows for the MLPerf-shaped models (graphs already imported and optimized). */
export function mlperfRows(graphs: Map<string, Graph>): (string | number)[][] {
  // [model, target arena, note]
  const targets: [string, number, string][] = [
    ['dscnn_kws', 16_000, 'KWS ≤ 16,000'],
    ['mobilenet_v1_025', 0.75 * 55_296, 'VWW ≤ 0.75 × 55,296 = 41,472'],
    ['resnet8', 49_152, 'IC ≤ 49,152'],
    ['fc_autoencoder', 768, 'AD ≤ 768'],
  ];
  return targets.map(([name, target, note]) => {
    const g = graphs.get(name) as Graph;
    const t0 = Date.now();
    const p = planMemory(g, { activations: 'int8' });
    return [name, p.arenaBytes, p.lowerBound, p.tflmGreedyBytes, r3(p.arenaBytes / p.lowerBound), r3(p.arenaBytes / p.tflmGreedyBytes), note, p.arenaBytes <= target ? 'met' : 'MISSED', Date.now() - t0];
  });
}

/** Prints every planner figure. */
export function printPlanBench(graphs: Map<string, Graph>): void {
  process.stdout.write('\nMemory planning, int8 activations (MLPerf-Tiny-shaped models)\n');
  process.stdout.write(
    table(['model', 'arena B', 'LB B', 'TFLM greedy B', 'arena/LB', 'arena/TFLM', 'target', 'status', 'plan ms'], mlperfRows(graphs)) + '\n',
  );

  const int8 = { activations: 'int8' as const };
  const plainBlock = denseBlock(false);
  const copying = planMemory(plainBlock, { ...int8, zeroCopyConcat: false });
  const zeroCopy = planMemory(plainBlock, int8);
  const pre = denseBlock(true);
  const prePlain = planMemory(pre, { ...int8, inPlace: false, reorder: false });
  const preZero = planMemory(pre, int8);
  const preFused = planMemory(fusePreActivation(pre), int8);
  process.stdout.write('\nDenseNet-style block (32×32×16, 4 × [3×3 conv, 12] concatenated), int8\n');
  process.stdout.write(
    table(
      ['variant', 'arena B', 'anchor', 'anchor B', 'ratio', 'target'],
      [
        ['conv units, zero-copy concat', zeroCopy.arenaBytes, 'copying concat', copying.arenaBytes, r3(zeroCopy.arenaBytes / copying.arenaBytes), '≤ 0.700'],
        ['BN-ReLU-Conv, zero-copy', preZero.arenaBytes, 'plain LB', prePlain.lowerBound, r3(preZero.arenaBytes / prePlain.lowerBound), '< 1.000'],
        ['BN-ReLU-Conv, zero-copy + pre-activation fusion', preFused.arenaBytes, 'BN-ReLU-Conv zero-copy', preZero.arenaBytes, r3(preFused.arenaBytes / preZero.arenaBytes), '< 1.000'],
      ],
    ) + '\n',
  );

  const g = chain200();
  const t0 = Date.now();
  const p = planMemory(g, int8);
  const ms = Date.now() - t0;
  process.stdout.write(`\nPlanning a ${g.ops.length}-op graph: ${ms} ms vs budget 2,000 ms (ratio ${r3(ms / 2000)}); arena ${p.arenaBytes} B vs LB ${p.lowerBound} B\n`);
}
