import type { Argv, CommandModule } from 'yargs';
import { constantBytes } from '../codegen/size';
import { TinyfitError } from '../errors';
import { importModel } from '../import';
import { readNpy } from '../io/npy';
import { loadCalibrationSamples } from '../quantize/calibrate';
import { evaluateQuantized, QuantReport } from '../quantize/evaluate';
import { optimizeForInt8 } from '../quantize/pipeline';
import { runCommand } from './errors';
import { QuantArgs, quantizeFromArgs, withQuantOptions } from './quantOptions';
import { bytes, table } from './table';

interface Args extends QuantArgs {
  model: string;
  scheme: 'int8' | 'dfp';
  eval?: string[];
  labels?: string;
  'max-eval'?: number;
  verbose: boolean;
}

const pct = (x: number): string => `${(100 * x).toFixed(2)} %`;

function loadLabels(file: string, n: number): Int32Array {
  const a = readNpy(file);
  if (a.shape.length !== 1 && !(a.shape.length === 2 && a.shape[1] === 1)) {
    throw new TinyfitError(`${file}: labels must be one class index per sample (shape [N]), got shape [${a.shape.join(', ')}]`);
  }
  const out = Int32Array.from(a.data as ArrayLike<number>);
  if (out.some((v) => !Number.isInteger(v) || v < 0)) throw new TinyfitError(`${file}: labels must be non-negative integer class indices`);
  if (out.length < n) throw new TinyfitError(`${file}: ${out.length} labels for ${n} evaluation samples`);
  return out.subarray(0, n);
}

function reportText(r: QuantReport): string {
  const lines = [`evaluation on ${r.samples.toLocaleString('en-US')} samples:`, `  top-1 agreement  ${pct(r.top1Agreement)}`];
  if (r.accuracyFloat !== undefined && r.accuracyQuantized !== undefined) {
    const d = 100 * (r.accuracyQuantized - r.accuracyFloat);
    lines.push(`  accuracy         float ${pct(r.accuracyFloat)}, quantized ${pct(r.accuracyQuantized)} (${d >= 0 ? '+' : ''}${d.toFixed(2)} pp)`);
  }
  lines.push(`  output error     max ${r.maxAbsError.toPrecision(3)}, mean ${r.meanAbsError.toPrecision(3)}, cosine ${r.cosine.toFixed(6)}`);
  lines.push('', 'per-layer SQNR (float vs dequantized int8; higher is better):');
  lines.push(
    table(
      ['op', 'SQNR dB', ''],
      r.layers.map((l) => [l.op, Number.isFinite(l.sqnrDb) ? l.sqnrDb.toFixed(1) : 'exact', l === r.worst ? '<- loses most' : '']),
    ),
  );
  return lines.join('\n') + '\n';
}

/** `tinyfit quantize <model> --calibration c.npy [--eval x.npy [--labels y.npy]]`: int8 quantization and its accuracy report. */
export const quantizeCommand: CommandModule<object, Args> = {
  command: 'quantize <model>',
  describe: 'Quantize to int8 (calibrated post-training) and report float vs int8 agreement, accuracy, error and per-layer SQNR',
  builder: (y: Argv) =>
    withQuantOptions(
      y
        .positional('model', { type: 'string', demandOption: true, describe: 'model.json (TF.js Layers) or its folder, or a .tflite (float32 or int8)' })
        .option('eval', { type: 'string', array: true, describe: 'evaluation inputs (.npy like --calibration) for the report' })
        .option('labels', { type: 'string', describe: 'class index per evaluation sample (.npy, shape [N]) for accuracy' })
        .option('max-eval', { type: 'number', describe: 'evaluate at most this many samples' })
        .option('scheme', { type: 'string', choices: ['int8', 'dfp'], default: 'int8', describe: 'int8 (TFLite scheme) or dfp (dynamic fixed point: power-of-two scales, shift-only requantization)' })
        .option('json', { type: 'boolean', default: false, describe: 'machine-readable result on stdout' }),
    ) as unknown as Argv<Args>,
  handler: (a) =>
    runCommand(a.verbose, () => {
      if (a.labels && !a.eval) throw new TinyfitError('--labels needs --eval (the inputs the labels belong to)');
      const maxEval = a['max-eval'];
      if (maxEval !== undefined && !(Number.isInteger(maxEval) && maxEval > 0)) throw new TinyfitError(`--max-eval must be a positive integer, got ${maxEval}`);
      const t0 = Date.now();
      const float = optimizeForInt8(importModel(a.model));
      const { graph, samples } = quantizeFromArgs(float, a, a.scheme);
      const seconds = (Date.now() - t0) / 1000;
      const floatBytes = constantBytes(float);
      const quantBytes = constantBytes(graph);
      let report: QuantReport | undefined;
      if (a.eval) {
        let ev = loadCalibrationSamples(a.eval.length === 1 ? a.eval[0] : a.eval, float);
        if (maxEval) ev = ev.slice(0, maxEval);
        const labels = a.labels ? loadLabels(a.labels, ev.length) : undefined;
        report = evaluateQuantized(float, graph, ev, labels);
      }
      const summary = {
        model: float.name,
        scheme: a.scheme,
        weights: a['per-tensor'] ? 'per-tensor' : 'per-channel',
        rounding: graph.quantization!.rounding,
        calibration: a.ranges ? { ranges: a.ranges } : { method: a.method, samples },
        seconds,
        floatWeightBytes: floatBytes,
        quantizedWeightBytes: quantBytes,
      };
      if (a.json) {
        process.stdout.write(JSON.stringify({ ...summary, report }, null, 2) + '\n');
        return;
      }
      const from = a.ranges ? `ranges from ${a.ranges}` : `${samples} calibration samples (${a.method})`;
      process.stdout.write(
        `quantized '${float.name}' to ${a.scheme} (${summary.weights} weights, ${summary.rounding} rounding) from ${from} in ${seconds.toFixed(1)} s\n` +
          `  weights ${bytes(floatBytes)} float32 -> ${bytes(quantBytes)} (${pct(quantBytes / Math.max(floatBytes, 1))}, requantization constants included)\n` +
          (a['save-ranges'] ? `  ranges saved to ${a['save-ranges']}\n` : '') +
          (report ? '\n' + reportText(report) : '  (give --eval x.npy [--labels y.npy] for the accuracy report)\n'),
      );
    }),
};
