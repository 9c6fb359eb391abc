/**
 * Precision as a library call: quantize(graph, options) and prepareGraph(imported, options), the rules
 * `tinyfit generate` applies (the CLI only loads files and draws the progress bar).
 */
import * as path from 'path';
import { importModel, prepareGraph, quantize, runInt8, TinyfitError } from '../../src';
import { loadCalibrationSamples } from '../../src/quantize/calibrate';
import { MLPERF_DIR } from '../helpers/mlperf';
import { quantizeInt8 } from '../../src/reference/int8/quantize';

const LENET = path.resolve(__dirname, '..', '..', 'examples', 'mnist', 'lenet5', 'model.json');
const CALIB = path.resolve(__dirname, '..', '..', 'examples', 'mnist', 'calib_x.npy');

describe('quantize()', () => {
  const imported = importModel(LENET);
  const samples = loadCalibrationSamples(CALIB, imported).slice(0, 8);

  it('calibrates and quantizes a float model; the same ranges give the same graph', () => {
    const a = quantize(imported, { calibration: samples });
    expect(a.graph.quantization?.rounding).toBe('double');
    expect(a.graph.ops.some((o) => o.kind === 'quantize')).toBe(true); // float I/O by default
    const b = quantize(imported, { ranges: a.ranges });
    const c = quantize(imported, { ranges: () => a.ranges, io: 'int8' });
    expect(runInt8(b.graph, [samples[0][0]])).toEqual(runInt8(a.graph, [samples[0][0]]));
    const q = c.graph.inputs.map((id) => c.graph.tensors.get(id)!);
    expect(q[0].dtype).toBe('int8');
    expect(runInt8(c.graph, [quantizeInt8(samples[0][0], q[0].quant)])[0]).toBeInstanceOf(Int8Array);
  });

  it('needs calibration data or ranges', () => {
    expect(() => quantize(imported)).toThrow(TinyfitError);
    expect(() => quantize(imported)).toThrow(/representative data/);
  });
});

describe('prepareGraph()', () => {
  const imported = importModel(LENET);
  const calibration = loadCalibrationSamples(CALIB, imported).slice(0, 4);

  it('gives each precision its graph', () => {
    expect(prepareGraph(imported).graph.quantization).toBeUndefined();
    const f16 = prepareGraph(imported, { precision: 'float16' }).graph;
    expect([...f16.tensors.values()].some((t) => t.storage?.kind === 'float16')).toBe(true);
    const hy = prepareGraph(imported, { precision: 'hybrid' }).graph;
    expect([...hy.tensors.values()].some((t) => t.storage?.kind === 'int8')).toBe(true);
    const q = prepareGraph(imported, { precision: 'dfp', calibration });
    expect(q.graph.quantization?.rounding).toBe('shift');
    expect(q.quantized?.ranges.size).toBeGreaterThan(0);
  });

  it('refuses options that do not apply, in one line', () => {
    expect(() => prepareGraph(imported, { io: 'int8' })).toThrow(/^--io int8 needs --quantize int8 \(or dfp\) or an int8 model$/);
    expect(() => prepareGraph(imported, { calibration })).toThrow(/^--calibration\/--ranges needs --quantize/);
    const kws = importModel(path.join(MLPERF_DIR, 'kws_ref_model.tflite'));
    expect(() => prepareGraph(kws, { precision: 'int8' })).toThrow(/is already quantized to int8; drop --quantize int8/);
    expect(() => prepareGraph(kws, { calibration })).toThrow(/already quantized.*do not apply/);
    const raw = prepareGraph(kws, { io: 'int8' }).graph;
    expect(raw.inputs.map((id) => raw.tensors.get(id)!.dtype)).toEqual(['int8']);
  });
});
