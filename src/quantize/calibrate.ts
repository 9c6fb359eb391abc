/**
 * Post-training calibration: run the float reference interpreter over representative samples, feed every
 * activation tensor's values to an observer, and report each tensor's real range. Ranges can be saved to and
 * loaded from JSON keyed by tensor name, and samples read from `.npy` files.
 */
import * as fs from 'fs';
import * as path from 'path';
import { Graph, Tensor } from '../ir/types';
import { isConst, numel, tensor } from '../ir/graph';
import { runFloatAll } from '../reference/runFloat';
import { readNpy } from '../io/npy';
import { TinyfitError } from '../errors';
import { writeFileAtomic } from '../io/atomicWrite';
import {
  KlObserver,
  MinMaxObserver,
  MovingAverageMinMaxObserver,
  MseObserver,
  Observer,
  PercentileObserver,
  TensorRange,
} from './observers';

/** Calibration methods (see the observers in ./observers). */
export type CalibrationMethod = 'minmax' | 'moving-average' | 'percentile' | 'mse' | 'kl';

/** Every {@link CalibrationMethod}, for option parsing and messages. */
export const CALIBRATION_METHODS: readonly CalibrationMethod[] = ['minmax', 'moving-average', 'percentile', 'mse', 'kl'];

/** Options of {@link calibrate}. */
export interface CalibrateOptions {
  /** Percentile for the `'percentile'` method, in [50, 100]; default 99.999. */
  percentile?: number;
  /** Called after each sample with the number of samples done and the total. */
  onProgress?: (done: number, total: number) => void;
}

/**
 * Creates the observer implementing `method`.
 *
 * @throws TinyfitError for an unknown method or a percentile outside [50, 100]
 */
export function createObserver(method: CalibrationMethod, opts: { percentile?: number } = {}): Observer {
  switch (method) {
    case 'minmax':
      return new MinMaxObserver();
    case 'moving-average':
      return new MovingAverageMinMaxObserver();
    case 'percentile': {
      const p = opts.percentile ?? 99.999;
      if (!(p >= 50 && p <= 100)) throw new TinyfitError(`calibration percentile must be in [50, 100], got ${p}`);
      return new PercentileObserver(p);
    }
    case 'mse':
      return new MseObserver();
    case 'kl':
      return new KlObserver();
    default:
      throw new TinyfitError(`unknown calibration method '${String(method)}' (expected one of: ${CALIBRATION_METHODS.join(', ')})`);
  }
}

/**
 * Ids of the tensors that calibration covers: the graph inputs, then every op output, in execution order,
 * skipping constants and duplicates.
 */
export function activationTensorIds(g: Graph): number[] {
  const ids: number[] = [];
  const seen = new Set<number>();
  const add = (id: number): void => {
    if (seen.has(id) || isConst(tensor(g, id))) return;
    seen.add(id);
    ids.push(id);
  };
  g.inputs.forEach(add);
  for (const op of g.ops) op.outputs.forEach(add);
  return ids;
}

/**
 * Runs the float reference over every sample and returns the calibrated range of every activation tensor
 * (graph inputs and op outputs, see {@link activationTensorIds}) by tensor id.
 *
 * Each tensor has its own observer, fed that tensor's values once per sample (so the moving average steps
 * once per sample). Reshape outputs alias their input and get the same range.
 *
 * @param g a float32 graph
 * @param samples one entry per sample, each holding one array per graph input in `g.inputs` order
 * @param method the calibration method
 * @throws TinyfitError when there are no samples, a sample has the wrong number or size of arrays, or a tensor
 *   takes a non-finite value (naming the tensor and the sample)
 */
export function calibrate(
  g: Graph,
  samples: Float32Array[][],
  method: CalibrationMethod,
  opts: CalibrateOptions = {},
): Map<number, TensorRange> {
  if (samples.length === 0) throw new TinyfitError(`calibration of model '${g.name}' needs at least one sample, got none`);
  const ids = activationTensorIds(g);
  const observers = new Map<number, Observer>(ids.map((id) => [id, createObserver(method, opts)]));
  samples.forEach((inputs, s) => {
    let values: Map<number, Float32Array>;
    try {
      values = runFloatAll(g, inputs);
    } catch (e) {
      if (e instanceof TinyfitError) throw new TinyfitError(`calibration sample ${s}: ${e.message}`);
      throw e;
    }
    const finite = Number.isFinite; // alias: global lookups in a per-element loop are slow in Jest's VM
    for (const id of ids) {
      const v = values.get(id);
      if (!v) throw new Error(`internal: tensor ${tensor(g, id).name} was not computed`);
      for (let i = 0; i < v.length; i++) {
        if (!finite(v[i])) {
          throw new TinyfitError(
            `calibration sample ${s}: tensor '${tensor(g, id).name}' has a non-finite value (${v[i]}) at element ${i}`,
          );
        }
      }
      observers.get(id)!.observe(v);
    }
    opts.onProgress?.(s + 1, samples.length);
  });
  const ranges = new Map<number, TensorRange>();
  for (const [id, obs] of observers) ranges.set(id, obs.range());
  return ranges;
}

/** Extra information stored with saved ranges (free-form; JSON-serialisable values only). */
export interface RangesMeta {
  method?: CalibrationMethod;
  samples?: number;
  percentile?: number;
  [key: string]: unknown;
}

/** Identifies a ranges file. */
const RANGES_FORMAT = 'tinyfit-ranges';
const RANGES_VERSION = 1;

/**
 * Writes ranges as JSON keyed by tensor NAME, so they survive re-importing the model (ids may change):
 * `{"format": "tinyfit-ranges", "version": 1, "model": name, "meta": {...}, "ranges": {"tensor": {"min", "max"}}}`.
 *
 * @throws TinyfitError when two ranged tensors share a name, a range is not finite, or the file cannot be written
 */
export function saveRanges(file: string, g: Graph, ranges: Map<number, TensorRange>, meta: RangesMeta = {}): void {
  const byName: Record<string, TensorRange> = {};
  for (const [id, r] of ranges) {
    const t = tensor(g, id);
    if (Object.prototype.hasOwnProperty.call(byName, t.name)) {
      throw new TinyfitError(`${file}: cannot key ranges by name: two tensors of model '${g.name}' are named '${t.name}'`);
    }
    if (!Number.isFinite(r.min) || !Number.isFinite(r.max) || r.min > r.max) {
      throw new TinyfitError(`${file}: tensor '${t.name}' has an invalid range [${r.min}, ${r.max}]`);
    }
    byName[t.name] = { min: r.min, max: r.max };
  }
  const doc = { format: RANGES_FORMAT, version: RANGES_VERSION, model: g.name, meta, ranges: byName };
  writeFileAtomic(file, JSON.stringify(doc, null, 2) + '\n');
}

function oneLine(s: string): string {
  return s.replace(/\s*\n\s*/g, ' ');
}

/**
 * Reads ranges written by {@link saveRanges} and maps them onto `g` by tensor name. Entries for tensors `g`
 * no longer has are ignored.
 *
 * @returns the range of every activation tensor of `g` (see {@link activationTensorIds}) by id
 * @throws TinyfitError naming the file when it cannot be read, is not a valid ranges file, or lacks a range
 *   for one of `g`'s activation tensors
 */
export function loadRanges(file: string, g: Graph): Map<number, TensorRange> {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    throw new TinyfitError(`${file}: cannot read: ${oneLine((e as Error).message)}`);
  }
  const bad = (why: string): never => {
    throw new TinyfitError(`${file}: not a valid tinyfit ranges file: ${why}`);
  };
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    bad(oneLine((e as Error).message));
  }
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) return bad('expected a JSON object');
  const d = doc as Record<string, unknown>;
  if (d.format !== RANGES_FORMAT) bad(`"format" is ${JSON.stringify(d.format)}, expected "${RANGES_FORMAT}"`);
  if (d.version !== RANGES_VERSION) bad(`unsupported "version" ${JSON.stringify(d.version)} (expected ${RANGES_VERSION})`);
  const rs = d.ranges;
  if (typeof rs !== 'object' || rs === null || Array.isArray(rs)) return bad('"ranges" must be an object keyed by tensor name');
  const entries = rs as Record<string, unknown>;
  for (const [name, r] of Object.entries(entries)) {
    const o = r as Record<string, unknown> | null;
    if (typeof o !== 'object' || o === null || typeof o.min !== 'number' || typeof o.max !== 'number') {
      bad(`range of tensor '${name}' must be {"min": number, "max": number}`);
    }
    const { min, max } = o as { min: number; max: number };
    if (!Number.isFinite(min) || !Number.isFinite(max) || min > max) bad(`range of tensor '${name}' is invalid: [${min}, ${max}]`);
  }

  const out = new Map<number, TensorRange>();
  const missing: Tensor[] = [];
  for (const id of activationTensorIds(g)) {
    const t = tensor(g, id);
    const r = Object.prototype.hasOwnProperty.call(entries, t.name) ? (entries[t.name] as TensorRange) : undefined;
    if (!r) missing.push(t);
    else out.set(id, { min: r.min, max: r.max });
  }
  if (missing.length > 0) {
    const more = missing.length > 1 ? ` (and ${missing.length - 1} more)` : '';
    const from = typeof d.model === 'string' ? ` (the file was calibrated for model '${d.model}')` : '';
    throw new TinyfitError(
      `${file}: no range for tensor '${missing[0].name}'${more} of model '${g.name}'${from}; recalibrate the model`,
    );
  }
  return out;
}

function shapeText(shape: readonly number[]): string {
  return `[${shape.join(', ')}]`;
}

const DTYPE_NAMES: Record<string, string> = { '<f4': 'float32', '|i1': 'int8', '|u1': 'uint8', '<i4': 'int32' };

/**
 * Reads calibration samples from `.npy` files, one file per model input, the first axis being the sample axis
 * (e.g. `[N, 28, 28, 1]` or `[N, 784]` for an input of shape `[28, 28, 1]`: only the per-sample element count
 * must match). `source` is either the list of files in `g.inputs` order, or a folder holding exactly one
 * `.npy` file per input, taken in file-name order (plain code-point sort: zero-pad numbers), or a single
 * `.npy` file for a one-input model.
 *
 * Data must be float32 — the values the float model takes, after any preprocessing.
 *
 * @returns per sample, one array per graph input (views into the loaded data)
 * @throws TinyfitError naming the file when it is missing, unreadable, not float32, has the wrong per-sample
 *   size (giving the expected and actual shapes), holds no samples, or disagrees with the other files on the
 *   number of samples; or when the number of files differs from the number of inputs
 */
export function loadCalibrationSamples(source: string[] | string, g: Graph): Float32Array[][] {
  const inputs = g.inputs.map((id) => tensor(g, id));
  if (inputs.length === 0) throw new TinyfitError(`model '${g.name}' has no inputs to calibrate`);
  const inputList = inputs.map((t) => `'${t.name}' ${shapeText(t.shape)}`).join(', ');
  let files: string[];
  if (typeof source === 'string') {
    let st: fs.Stats;
    try {
      st = fs.statSync(source);
    } catch (e) {
      throw new TinyfitError(`${source}: cannot read calibration data: ${oneLine((e as Error).message)}`);
    }
    if (st.isDirectory()) {
      let names: string[];
      try {
        names = fs.readdirSync(source);
      } catch (e) {
        throw new TinyfitError(`${source}: cannot list folder: ${oneLine((e as Error).message)}`);
      }
      files = names
        .filter((n) => n.toLowerCase().endsWith('.npy'))
        .sort()
        .map((n) => path.join(source, n))
        .filter((f) => fs.statSync(f).isFile());
      if (files.length !== inputs.length) {
        const found = files.length === 0 ? 'no .npy files' : `${files.length} .npy file(s) (${files.map((f) => path.basename(f)).join(', ')})`;
        throw new TinyfitError(
          `${source}: holds ${found}, but model '${g.name}' has ${inputs.length} input(s) (${inputList}); put one .npy file per input there, named in input order`,
        );
      }
    } else files = [source];
  } else files = [...source];
  if (files.length !== inputs.length) {
    throw new TinyfitError(
      `model '${g.name}' has ${inputs.length} input(s) (${inputList}) but ${files.length} calibration file(s) were given (${files.join(', ')})`,
    );
  }

  let count = -1;
  let countFile = '';
  const perInput: Float32Array[][] = files.map((file, k) => {
    const t = inputs[k];
    const a = readNpy(file);
    if (a.dtype !== '<f4' || !(a.data instanceof Float32Array)) {
      throw new TinyfitError(
        `${file}: calibration data must be float32 ('<f4'), got ${DTYPE_NAMES[a.dtype] ?? a.dtype} ('${a.dtype}'); save the preprocessed float inputs the model takes (e.g. np.save(path, x.astype(np.float32)))`,
      );
    }
    const per = numel(t.shape);
    if (a.shape.length === 0) {
      throw new TinyfitError(`${file}: expected shape [N, ${t.shape.join(', ')}] for input '${t.name}' (first axis = samples), got a scalar`);
    }
    const n = a.shape[0];
    const got = numel(a.shape.slice(1));
    if (got !== per) {
      throw new TinyfitError(
        `${file}: input '${t.name}' expects samples of shape ${shapeText(t.shape)} (${per} elements), got shape ${shapeText(a.shape)} (${got} elements per sample; the first axis is the sample axis)`,
      );
    }
    if (n === 0) throw new TinyfitError(`${file}: holds no samples (shape ${shapeText(a.shape)})`);
    if (count >= 0 && n !== count) {
      throw new TinyfitError(`${file}: holds ${n} samples but ${countFile} holds ${count}; every input needs the same number of samples`);
    }
    count = n;
    countFile = file;
    const data = a.data;
    return Array.from({ length: n }, (_, s) => data.subarray(s * per, (s + 1) * per));
  });
  return Array.from({ length: count }, (_, s) => perInput.map((arrs) => arrs[s]));
}
