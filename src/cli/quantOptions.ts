/**
 * Command-line options shared by `tinyfit quantize` and `tinyfit generate --quantize`: calibration data and
 * method, saved ranges, weight granularity, rounding and scheme; and the progress bar of long runs.
 */
import type { Argv } from 'yargs';
import { SingleBar } from 'cli-progress';
import { TinyfitError } from '../errors';
import { Graph } from '../ir/types';
import { CALIBRATION_METHODS, CalibrationMethod, loadCalibrationSamples, loadRanges, saveRanges } from '../quantize/calibrate';
import { optimizeForInt8 } from '../quantize/pipeline';
import { QuantizeOptions, quantize } from '../quantize/precision';
import { Scheme } from '../quantize/activationParams';

/** Parsed quantization options. */
export interface QuantArgs {
  calibration?: string[];
  method: CalibrationMethod;
  percentile?: number;
  ranges?: string;
  'save-ranges'?: string;
  'per-tensor': boolean;
  'dense-per-channel': boolean;
  rounding: 'double' | 'single';
  json: boolean;
}

/** Adds the quantization options to a command. */
export function withQuantOptions<T>(y: Argv<T>): Argv<T & QuantArgs> {
  return y
    .option('calibration', { type: 'string', array: true, describe: 'representative inputs: .npy (float32, first axis = samples), one per model input, or a folder of them' })
    .option('method', { type: 'string', choices: CALIBRATION_METHODS as unknown as string[], default: 'minmax', describe: 'calibration method' })
    .option('percentile', { type: 'number', describe: "percentile for --method percentile (default 99.999)" })
    .option('ranges', { type: 'string', describe: 'load calibrated ranges saved by --save-ranges instead of calibrating' })
    .option('save-ranges', { type: 'string', describe: 'save the calibrated ranges (JSON, by tensor name) to reuse with --ranges' })
    .option('per-tensor', { type: 'boolean', default: false, describe: 'one weight scale per tensor for conv/depthwise (default: per output channel)' })
    .option('dense-per-channel', { type: 'boolean', default: false, describe: 'per-output-channel weight scales for dense layers too' })
    .option('rounding', { type: 'string', choices: ['double', 'single'], default: 'double', describe: "requantization rounding: TFLite's default double rounding or single rounding" }) as unknown as Argv<T & QuantArgs>;
}

/** A progress bar on stderr when it is a terminal (and output is not JSON); otherwise silent. */
export function progress(label: string, json: boolean, unit = 'samples'): { update(done: number, total: number): void; stop(): void } {
  if (json || !process.stderr.isTTY) return { update: () => undefined, stop: () => undefined };
  const bar = new SingleBar({ format: `${label} [{bar}] {value}/{total} ${unit}`, stream: process.stderr, hideCursor: true });
  let started = false;
  return {
    update(done, total) {
      if (!started) {
        bar.start(total, 0);
        started = true;
      }
      bar.update(done);
    },
    stop() {
      if (started) bar.stop();
    },
  };
}

/**
 * The library's quantization options from the command line: calibration samples loaded from .npy files (after the
 * model is optimized, so their shapes are checked against its inputs) or saved ranges, and the progress bar.
 */
export function quantizeOptionsFromArgs(a: QuantArgs, float: Graph, scheme: Scheme, io: 'float' | 'int8' = 'float'): QuantizeOptions & { samples: number } {
  const opts: QuantizeOptions & { samples: number } = {
    method: a.method,
    percentile: a.percentile,
    perChannel: !a['per-tensor'],
    denseperChannel: a['dense-per-channel'],
    rounding: a.rounding,
    scheme,
    io,
    samples: 0,
  };
  if (a.ranges) {
    const file = a.ranges;
    opts.ranges = (g) => loadRanges(file, g);
  } else if (a.calibration?.length) {
    opts.calibration = loadCalibrationSamples(a.calibration.length === 1 ? a.calibration[0] : a.calibration, optimizeForInt8(float));
    opts.samples = opts.calibration.length;
  }
  return opts;
}

/**
 * Quantizes a float model as the options say (the library's quantize()), with a progress bar on a terminal and
 * the ranges saved when --save-ranges asks.
 * @throws TinyfitError when neither --calibration nor --ranges is given, or on bad data
 */
export function quantizeFromArgs(float: Graph, a: QuantArgs, scheme: Scheme, io: 'float' | 'int8' = 'float'): { graph: Graph; float: Graph; samples: number } {
  if (!a.calibration?.length && !a.ranges) {
    throw new TinyfitError('quantization needs representative data: --calibration <file.npy|folder> (or --ranges saved by an earlier --save-ranges)');
  }
  const opts = quantizeOptionsFromArgs(a, float, scheme, io);
  const bar = progress('calibrating', a.json);
  opts.onProgress = (d, t) => bar.update(d, t);
  try {
    const r = quantize(float, opts);
    if (a['save-ranges']) saveRanges(a['save-ranges'], r.float, r.ranges, { method: a.method, samples: opts.samples });
    return { graph: r.graph, float: r.float, samples: opts.samples };
  } finally {
    bar.stop();
  }
}
