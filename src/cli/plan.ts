import * as path from 'path';
import type { Argv, CommandModule } from 'yargs';
import { TinyfitError } from '../errors';
import { importModel } from '../import';
import { optimize } from '../passes';
import { placementPeak, planMemory } from '../plan';
import { lowerBound } from '../plan/problem';
import { renderPlanHtml } from '../plan/report';
import { runCommand } from './errors';
import { writeFileAtomic } from '../io/atomicWrite';
import { bytes, table } from './table';
import { PatchArgs, patchPlanOptions, withPatchOptions } from './planOptions';
import { patchSummary } from '../plan';

interface Args extends PatchArgs {
  model: string;
  'ram-budget'?: number;
  json: boolean;
  html?: string;
  activations: 'native' | 'int8';
  reorder: boolean;
  'in-place': boolean;
  'time-cap': number;
  verbose: boolean;
}

/** `tinyfit plan <model>`: the static arena, its lower bound, TFLM's greedy figure and what drives the peak. */
export const planCommand: CommandModule<object, Args> = {
  command: 'plan <model>',
  describe: 'Plan the activation arena: bytes beside the lower bound and TFLM greedy, the peak and what is live there',
  builder: (y: Argv) =>
    withPatchOptions(y)
      .positional('model', { type: 'string', demandOption: true, describe: 'model.json (TF.js Layers) or its folder, or a .tflite (float32 or int8)' })
      .option('ram-budget', { type: 'number', describe: 'with --patches auto: the arena to reach (the least recomputation that fits)' })
      .option('activations', { choices: ['native', 'int8'] as const, default: 'native' as const, describe: 'size activations as their own dtype or as int8 ("will it fit once quantized?")' })
      .option('html', { type: 'string', describe: 'also write a self-contained HTML picture of the plan to this file' })
      .option('reorder', { type: 'boolean', default: true, describe: 'reorder branches to lower the peak (--no-reorder to keep the model order)' })
      .option('in-place', { type: 'boolean', default: true, describe: 'in-place ops, zero-copy concat, write-behind overlaps (--no-in-place for plain buffers)' })
      .option('time-cap', { type: 'number', default: 1000, describe: 'placement search budget in ms' })
      .option('json', { type: 'boolean', default: false, describe: 'machine-readable output on stdout' }) as unknown as Argv<Args>,
  handler: (a) =>
    runCommand(a.verbose, () => {
      if (!Number.isFinite(a['time-cap']) || a['time-cap'] < 0) throw new TinyfitError(`--time-cap must be a number of ms ≥ 0, got ${a['time-cap']}`);
      const g = optimize(importModel(a.model));
      const t0 = Date.now();
      const plan = planMemory(g, { activations: a.activations, reorder: a.reorder, inPlace: a['in-place'], timeCapMs: a['time-cap'], ramBudget: a['ram-budget'], ...patchPlanOptions(a) });
      const ms = Date.now() - t0;
      const peak = placementPeak(plan);
      const elemType = a.activations === 'int8' || g.quantization ? 'int8' : 'float32';
      const result = {
        model: g.name,
        activations: elemType,
        arenaBytes: plan.arenaBytes,
        lowerBoundBytes: plan.lowerBound,
        tflmGreedyBytes: plan.tflmGreedyBytes,
        arenaOverLowerBound: plan.arenaBytes / plan.lowerBound,
        arenaOverTflm: plan.arenaBytes / plan.tflmGreedyBytes,
        algorithm: plan.placement.algorithm,
        optimal: plan.optimal,
        planMs: ms,
        peak: { step: peak.step, op: plan.graph.ops[peak.step]?.name ?? 'input', bytes: peak.bytes, live: peak.live },
        ...(plan.patch ? { patches: { summary: patchSummary(plan.graph, plan.patch), overheadPercent: plan.patch.overheadPercent, extraMacs: plan.patch.extraMacs } } : {}),
        inPlaceDepthwise: plan.build.inPlaceDepthwise.size,
        zeroCopyConcats: plan.build.concatViews.size,
        writeBehindRules: plan.problem.rules.length,
        buffers: plan.problem.buffers.map((b, i) => ({ label: b.label, kind: b.kind, bytes: b.bytes, first: b.first, last: b.last, offset: plan.placement.offsets[i] })),
      };
      if (a.html) {
        const file = path.resolve(a.html);
        writeFileAtomic(
          file,
          renderPlanHtml({
            modelName: g.name,
            problem: plan.problem,
            placement: plan.placement,
            opNames: plan.graph.ops.map((o) => `${o.kind} ${o.name}`),
            lowerBoundBytes: lowerBound(plan.problem).bytes,
            plainLowerBoundBytes: plan.lowerBound,
            tflmGreedyBytes: plan.tflmGreedyBytes,
            peakStep: peak.step,
            elemType,
          }),
        );
      }
      if (a.json) {
        process.stdout.write(JSON.stringify(result, null, 2) + '\n');
        return;
      }
      const ratio = (x: number, y: number) => `${(x / y).toFixed(3)}×`;
      process.stdout.write(
        `${g.name} (${elemType} activations): arena ${bytes(plan.arenaBytes)}\n` +
          table(
            ['figure', 'bytes', 'arena / figure'],
            [
              ['arena (planned)', plan.arenaBytes, '1.000×'],
              ['liveness lower bound', plan.lowerBound, ratio(plan.arenaBytes, plan.lowerBound)],
              ['TFLM greedy', plan.tflmGreedyBytes, ratio(plan.arenaBytes, plan.tflmGreedyBytes)],
            ],
          ) +
          `\n\nplaced by ${plan.placement.algorithm}${plan.optimal ? ' (optimal for its problem)' : ''} in ${ms} ms; ` +
          `${result.inPlaceDepthwise} in-place depthwise, ${result.zeroCopyConcats} zero-copy concat, ${result.writeBehindRules} write-behind\n` +
          (plan.patch ? `${patchSummary(plan.graph, plan.patch)}\n` : '') +
          `peak at step ${peak.step} '${result.peak.op}' (reaches ${bytes(peak.bytes)}), live there:\n` +
          peak.live.map((l) => `  ${l}`).join('\n') +
          '\n' +
          (a.html ? `wrote ${a.html}\n` : ''),
      );
    }),
};
