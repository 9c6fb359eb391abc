/**
 * Sanity checks for the test model zoo: every model builds, takes seeded weights, survives saveModel → loadSaved
 * (bit-exact when unquantized; within quantization error otherwise), and the writer's files match the TF.js /
 * tfjs-converter layout.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type * as TF from '@tensorflow/tfjs';
import { getTf } from '../../src/engine';
import { mulberry32 } from '../helpers/rng';
import { buildMobileNetV2, LAYER_CASES, ZOO, ZooEntry, zooInputs } from './models';
import {
  dequantizeValues,
  float16BitsToFloat32,
  float32ToFloat16Bits,
  loadSaved,
  QuantizeDtype,
  readModelJson,
  saveModel,
  seedWeights,
} from './save';

let tf: typeof TF;
let root: string;

beforeAll(async () => {
  tf = await getTf();
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'tinyfit-zoo-'));
});
afterAll(() => {
  fs.rmSync(root, { recursive: true, force: true });
});

const ALL: ZooEntry[] = [...ZOO, ...LAYER_CASES];
const SEED = 1234;

function predict(model: TF.LayersModel, entry: ZooEntry, seed: number): Float32Array[] {
  return tf.tidy(() => {
    const xs = zooInputs(entry, seed).map((d, i) => tf.tensor(d, [1, ...entry.inputShapes[i]]));
    const y = model.predict(xs.length === 1 ? xs[0] : xs);
    return (Array.isArray(y) ? y : [y]).map((t) => t.dataSync() as Float32Array);
  });
}

function maxAbsDiff(a: Float32Array, b: Float32Array): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}

function maxAbs(a: Float32Array): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]));
  return m;
}

/** Reads back the raw (possibly quantized) bytes of every weight in manifest order. */
function readWeightBytes(dir: string): Map<string, { bytes: Uint8Array; entry: ReturnType<typeof readModelJson>['weightsManifest'][0]['weights'][0] }> {
  const json = readModelJson(dir);
  const out = new Map();
  for (const group of json.weightsManifest) {
    const blob = Buffer.concat(group.paths.map((p) => fs.readFileSync(path.join(dir, p))));
    let off = 0;
    for (const w of group.weights) {
      const n = w.shape.reduce((a, b) => a * b, 1);
      const per = w.quantization ? (w.quantization.dtype === 'uint8' ? 1 : 2) : 4;
      out.set(w.name, { bytes: new Uint8Array(blob.subarray(off, off + n * per)), entry: w });
      off += n * per;
    }
    expect(off).toBe(blob.length);
  }
  return out;
}

describe('zoo catalogue', () => {
  it('has every requested architecture and unique names / input signatures', () => {
    const names = ALL.map((e) => e.name);
    expect(new Set(names).size).toBe(names.length);
    for (const n of [
      'mlp', 'lenet5', 'dscnn_kws', 'mobilenet_v1_025', 'resnet8', 'fc_autoencoder', 'densenet_block',
      'inception_1x7', 'separable_dilated', 'conv1d', 'multi_io', 'branches_merge',
    ]) {
      expect(ZOO.map((e) => e.name)).toContain(n);
    }
    const sigs = ALL.map((e) => JSON.stringify(e.inputShapes));
    const dupes = sigs.filter((s, i) => sigs.indexOf(s) !== i);
    expect(dupes).toEqual([]);
  });
});

describe('float16 encoder', () => {
  it('round-trips every finite half and rounds to nearest even', () => {
    const bad: number[] = [];
    for (let h = 0; h < 0x10000; h++) {
      const v = float16BitsToFloat32(h);
      if (!Number.isNaN(v) && float32ToFloat16Bits(v) !== h) bad.push(h);
    }
    expect(bad).toEqual([]);
    // Ties: 1 + 2^-11 lies halfway between 1 and 1 + 2^-10 → even mantissa (1); 1 + 3·2^-11 → 1 + 2^-9.
    expect(float32ToFloat16Bits(1 + 2 ** -11)).toBe(0x3c00);
    expect(float32ToFloat16Bits(1 + 3 * 2 ** -11)).toBe(0x3c02);
    expect(float32ToFloat16Bits(65520)).toBe(0x7c00); // rounds up to Inf
    expect(float32ToFloat16Bits(65519)).toBe(0x7bff);
    expect(float32ToFloat16Bits(2 ** -25)).toBe(0); // tie with 0 → even
    expect(float32ToFloat16Bits(1.5 * 2 ** -25)).toBe(1);
    expect(float32ToFloat16Bits(-0)).toBe(0x8000);
    // Agrees with tfjs-core's decoder on random values: decoded half is the nearest representable value.
    const rand = mulberry32(7);
    const vals = Float32Array.from({ length: 2000 }, () => (rand() - 0.5) * 2 ** (Math.floor(rand() * 40) - 24));
    const bits = Uint16Array.from(vals, (v) => float32ToFloat16Bits(v));
    const dec = tf.io.decodeWeights(bits.buffer, [
      { name: 'w', shape: [vals.length], dtype: 'float32', quantization: { dtype: 'float16' } },
    ]).w.dataSync();
    const wrong: number[] = [];
    for (let i = 0; i < vals.length; i++) {
      const h = bits[i];
      if (dec[i] !== Math.fround(float16BitsToFloat32(h))) wrong.push(i);
      const err = Math.abs(dec[i] - vals[i]);
      // neighbours must not be closer
      for (const nb of [h - 1, h + 1]) {
        if ((nb & 0x7fff) > 0x7bff || nb < 0) continue;
        if (err > Math.abs(float16BitsToFloat32(nb) - vals[i])) wrong.push(i);
      }
    }
    expect(wrong).toEqual([]);
  });
});

describe('seedWeights', () => {
  it('is deterministic and puts BN / PReLU parameters in their ranges', () => {
    const entry = ZOO.find((e) => e.name === 'dscnn_kws') as ZooEntry;
    const a = entry.build(tf);
    const b = entry.build(tf);
    seedWeights(a, 99);
    seedWeights(b, 99);
    const wa = a.getWeights();
    const wb = b.getWeights();
    expect(wa.length).toBe(wb.length);
    wa.forEach((t, i) => expect(maxAbsDiff(t.dataSync() as Float32Array, wb[i].dataSync() as Float32Array)).toBe(0));
    const ranges: Record<string, [number, number]> = {
      gamma: [0.5, 1.5], beta: [-0.3, 0.3], moving_mean: [-0.5, 0.5], moving_variance: [0.3, 2.0], bias: [-0.1, 0.1],
    };
    for (const w of a.weights) {
      const role = /([a-z_]+)$/.exec(w.originalName)?.[1] ?? '';
      const r = ranges[role];
      if (!r) continue;
      const d = w.read().dataSync();
      expect(Math.min(...d)).toBeGreaterThanOrEqual(r[0]);
      expect(Math.max(...d)).toBeLessThanOrEqual(r[1]);
    }
    const p = LAYER_CASES.find((e) => e.name === 'prelu_shared_hw') as ZooEntry;
    const pm = p.build(tf);
    seedWeights(pm, 3);
    const alpha = pm.getWeights()[0];
    expect(alpha.shape).toEqual([1, 1, 4]);
    const ad = alpha.dataSync();
    expect(Math.min(...ad)).toBeGreaterThanOrEqual(0.05);
    expect(Math.max(...ad)).toBeLessThanOrEqual(0.4);
    tf.dispose([a, b, pm].flatMap((m) => m.getWeights()));
  });
});

describe('every model builds, saves and reloads exactly', () => {
  it.each(ALL.map((e) => [e.name, e] as [string, ZooEntry]))('%s', async (name, entry) => {
    const model = entry.build(tf);
    expect(model.inputs.map((i) => i.shape.slice(1))).toEqual(entry.inputShapes);
    seedWeights(model, SEED);

    const dir = path.join(root, name, 'plain');
    await saveModel(model, dir);
    const json = readModelJson(dir);
    expect(json.format).toBe('layers-model');
    expect(json.weightsManifest.length).toBe(1);
    const specs = json.weightsManifest[0].weights;
    expect(specs.map((s) => s.name)).toEqual(model.weights.map((w) => w.originalName));
    const nBytes = specs.reduce((s, w) => s + 4 * w.shape.reduce((a, b) => a * b, 1), 0);
    expect(json.weightsManifest[0].paths).toEqual(nBytes > 0 ? ['group1-shard1of1.bin'] : []);

    const loaded = await loadSaved(dir);
    const ref = predict(model, entry, SEED);
    const got = predict(loaded, entry, SEED);
    expect(got.length).toBe(ref.length);
    ref.forEach((r, i) => {
      expect(r.every(Number.isFinite)).toBe(true);
      expect(maxAbsDiff(got[i], r)).toBe(0);
    });
    // The output depends on the input (a zoo model whose output is constant would make a weak reference).
    const other = predict(model, entry, SEED + 1);
    expect(Math.max(...ref.map((r, i) => maxAbsDiff(r, other[i])))).toBeGreaterThan(1e-6);

    // Converter-style layout: 4 KiB shards, 2 groups, weights straddling shard boundaries.
    if (specs.length >= 2) {
      const sdir = path.join(root, name, 'sharded');
      await saveModel(model, sdir, { shardBytes: 4096, groups: 2 });
      const sj = readModelJson(sdir);
      expect(sj.weightsManifest.length).toBe(2);
      expect(sj.weightsManifest.flatMap((g) => g.weights.map((w) => w.name))).toEqual(specs.map((s) => s.name));
      sj.weightsManifest.forEach((g, gi) => {
        const total = g.weights.reduce((s, w) => s + 4 * w.shape.reduce((a, b) => a * b, 1), 0);
        const n = Math.ceil(total / 4096);
        expect(g.paths).toEqual(Array.from({ length: n }, (_, i) => `group${gi + 1}-shard${i + 1}of${n}.bin`));
        g.paths.forEach((p, i) => expect(fs.statSync(path.join(sdir, p)).size).toBe(i < n - 1 ? 4096 : total - 4096 * (n - 1)));
      });
      const sl = await loadSaved(sdir);
      predict(sl, entry, SEED).forEach((g, i) => expect(maxAbsDiff(g, ref[i])).toBe(0));
      tf.dispose(sl.getWeights());
    }
    tf.dispose([...model.getWeights(), ...loaded.getWeights()]);
  });
});

describe('quantized weights load like the converter output', () => {
  const cases: Array<[string, QuantizeDtype, number]> = [];
  for (const name of ['mlp', 'dscnn_kws', 'conv1d']) {
    // relative output tolerance (vs max |output|); observed with seed 1234: uint8 ≤ 3e-3, uint16 ≤ 2e-5, float16 ≤ 3e-4
    cases.push([name, 'uint8', 0.05], [name, 'uint16', 1e-3], [name, 'float16', 5e-3]);
  }
  it.each(cases)('%s %s', async (name, dtype, tol) => {
    const entry = ZOO.find((e) => e.name === name) as ZooEntry;
    const model = entry.build(tf);
    seedWeights(model, SEED);
    const dir = path.join(root, name, dtype);
    await saveModel(model, dir, { quantize: dtype, shardBytes: 10000 });
    const json = readModelJson(dir);
    const raw = readWeightBytes(dir);
    const loaded = await loadSaved(dir);
    const lw = new Map(loaded.weights.map((w) => [w.originalName, w.read().dataSync() as Float32Array]));
    for (const w of model.weights) {
      const orig = w.read().dataSync() as Float32Array;
      const { bytes, entry: spec } = raw.get(w.originalName) as NonNullable<ReturnType<typeof raw.get>>;
      expect(spec.dtype).toBe('float32');
      const q = spec.quantization as NonNullable<typeof spec.quantization>;
      expect(q.dtype).toBe(dtype);
      expect(q.original_dtype).toBe('float32');
      if (dtype === 'float16') {
        expect(Object.keys(q).sort()).toEqual(['dtype', 'original_dtype']);
      } else {
        expect(Object.keys(q).sort()).toEqual(['dtype', 'min', 'original_dtype', 'scale']);
        const lo = orig.reduce((m, v) => Math.min(m, v), Infinity);
        const hi = orig.reduce((m, v) => Math.max(m, v), -Infinity);
        expect(q.min).toBe(lo);
        expect(q.scale).toBeCloseTo(hi === lo ? 1 : (hi - lo) / (dtype === 'uint8' ? 255 : 65535), 12);
      }
      const deq = dequantizeValues(bytes, q);
      const got = lw.get(w.originalName) as Float32Array;
      // TF.js dequantizes exactly as our reference decoder does …
      expect(maxAbsDiff(got, deq)).toBe(0);
      // … and every value is within half a quantization step of the original.
      // (uint: scale/2 plus the float32 rounding of q*scale+min; float16: half an ulp of binary16)
      let worst = 0;
      for (let i = 0; i < orig.length; i++) {
        const bound =
          dtype === 'float16'
            ? Math.max(Math.abs(orig[i]) * 2 ** -11, 2 ** -25)
            : (q.scale as number) / 2 + (Math.abs(orig[i]) + (q.scale as number)) * 2 ** -24;
        worst = Math.max(worst, Math.abs(got[i] - orig[i]) / bound);
      }
      expect(worst).toBeLessThanOrEqual(1 + 1e-9);
    }
    expect(json.weightsManifest[0].paths.length).toBeGreaterThan(0);
    const ref = predict(model, entry, SEED);
    const got = predict(loaded, entry, SEED);
    ref.forEach((r, i) => {
      const d = maxAbsDiff(got[i], r);
      expect(d).toBeGreaterThan(0); // quantization actually changed something
      expect(d).toBeLessThanOrEqual(tol * Math.max(maxAbs(r), 1e-3));
    });
    tf.dispose([...model.getWeights(), ...loaded.getWeights()]);
  });
});

describe('MobileNetV2 (speed-test model)', () => {
  it('builds with >= 3M parameters', () => {
    const m = buildMobileNetV2(tf);
    expect(m.inputs[0].shape).toEqual([null, 224, 224, 3]);
    expect(m.outputs[0].shape).toEqual([null, 1000]);
    expect(m.countParams()).toBeGreaterThanOrEqual(3_000_000);
    expect(m.layers.filter((l) => l.getClassName() === 'Add').length).toBe(10);
    tf.dispose(m.getWeights());
  });
});
