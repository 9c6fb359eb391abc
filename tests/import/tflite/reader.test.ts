/**
 * readTflite / writeTflite on the four MLPerf Tiny models (operator counts, input tensors and per-axis
 * quantization checked against an independent dump of the files), option-table round trips on hand-built
 * models, and one-line TinyfitErrors for broken files.
 */
import * as flatbuffers from 'flatbuffers';
import * as fs from 'fs';
import * as path from 'path';
import { TinyfitError } from '../../../src/errors';
import type { TfliteModel, TfliteOptions } from '../../../src/import/tflite/model';
import { readTflite } from '../../../src/import/tflite/reader';
import { BUILTIN_OPERATOR_NAMES, F, OPT, optionsTableName } from '../../../src/import/tflite/schema';
import { defaultOptions } from '../../../src/import/tflite/options';
import { writeTflite } from '../../../src/import/tflite/writer';
import { type OptionFields, TfliteBuilder, clone } from '../../helpers/tfliteBuild';
import { MLPERF_DIR } from '../../helpers/mlperf';

const DATA = MLPERF_DIR;
const FILES = ['kws_ref_model', 'pretrainedResnet_quant', 'vww_96_int8', 'ad01_int8'];

function load(name: string): Uint8Array {
  const p = path.join(DATA, `${name}.tflite`);
  if (!fs.existsSync(p)) throw new Error(`missing test model ${p} (the MLPerf Tiny models are required)`);
  return new Uint8Array(fs.readFileSync(p));
}

/** Operator name → count in subgraph 0. */
function opCounts(m: TfliteModel): Record<string, number> {
  const out: Record<string, number> = {};
  for (const op of m.subgraphs[0].operators) {
    const n = m.operatorCodes[op.opcodeIndex].name;
    out[n] = (out[n] ?? 0) + 1;
  }
  return out;
}

/** The error readTflite throws for `bytes` (fails the test if it returns or throws something else). */
function readError(bytes: Uint8Array, where = 'bad.tflite'): string {
  let err: unknown;
  try {
    readTflite(bytes, where);
  } catch (e) {
    err = e;
  }
  expect(err).toBeInstanceOf(TinyfitError);
  const msg = (err as Error).message;
  expect(msg).not.toMatch(/[\r\n\u2028\u2029]/);
  expect(msg.startsWith(`${where}: `)).toBe(true);
  return msg;
}

/** `m` with byte arrays as base64 strings: jest compares those much faster than 300 kB typed arrays. */
function comparable(m: TfliteModel): unknown {
  return JSON.parse(JSON.stringify(m, (_k, v: unknown) => (v instanceof Uint8Array ? `bytes:${Buffer.from(v).toString('base64')}` : v)));
}

/** A small valid model: conv → relu-fused add → reshape → fully connected → softmax. */
function smallModel(): TfliteBuilder {
  const b = new TfliteBuilder();
  const x = b.tensor('x', [1, 4, 4, 2], 'int8', { scale: [0.5], zeroPoint: [-3] });
  const w = b.constTensor('w', [3, 3, 3, 2], new Int8Array(54).map((_, i) => i - 27), { scale: [0.1, 0.2, 0.3], zeroPoint: [0, 0, 0] });
  const bias = b.constTensor('bias', [3], new Int32Array([1, -2, 3]), { scale: [0.05, 0.1, 0.15] });
  const y = b.tensor('y', [1, 4, 4, 3], 'int8', { scale: [0.25], zeroPoint: [1] });
  b.op('CONV_2D', [x, w, bias], [y], { padding: 'SAME', strideW: 1, strideH: 1, fusedActivationFunction: 'RELU' }, 3);
  const r = b.tensor('r', [1, 48], 'int8', { scale: [0.25], zeroPoint: [1] });
  b.op('RESHAPE', [y], [r], { newShape: [1, 48] });
  const fw = b.constTensor('fw', [2, 48], new Int8Array(96).fill(3), { scale: [0.02] });
  const f = b.tensor('f', [1, 2], 'int8', { scale: [0.1], zeroPoint: [0] });
  b.op('FULLY_CONNECTED', [r, fw, -1], [f], {}, 4);
  const s = b.tensor('s', [1, 2], 'int8', { scale: [1 / 256], zeroPoint: [-128] });
  b.op('SOFTMAX', [f], [s], { beta: 1 });
  b.inputs([x]).outputs([s]);
  return b;
}

describe('schema tables', () => {
  it('has the operator and options codes of the schema', () => {
    expect(BUILTIN_OPERATOR_NAMES.get(0)).toBe('ADD');
    expect(BUILTIN_OPERATOR_NAMES.get(32)).toBe('CUSTOM');
    expect(BUILTIN_OPERATOR_NAMES.get(98)).toBe('LEAKY_RELU');
    expect(BUILTIN_OPERATOR_NAMES.get(127)).toBe('PLACEHOLDER_FOR_GREATER_OP_CODES');
    expect(BUILTIN_OPERATOR_NAMES.get(161)).toBe('RIGHT_SHIFT');
    expect(BUILTIN_OPERATOR_NAMES.get(205)).toBe('REDUCE_WINDOW');
    expect(BUILTIN_OPERATOR_NAMES.get(225)).toBe('TEMP_STREAMING_CONV_2D');
    for (const [name, code] of Object.entries(OPT)) if (code !== 0) expect(optionsTableName(code)).toBe(name);
    expect(optionsTableName(126)).toBe('RightShiftOptions');
  });
});

describe('readTflite on the MLPerf Tiny models', () => {
  const models = new Map<string, TfliteModel>();
  beforeAll(() => {
    for (const f of FILES) models.set(f, readTflite(load(f), f));
  });

  it('decodes operator counts', () => {
    expect(opCounts(models.get('kws_ref_model')!)).toEqual({
      CONV_2D: 5, DEPTHWISE_CONV_2D: 4, AVERAGE_POOL_2D: 1, RESHAPE: 1, FULLY_CONNECTED: 1, SOFTMAX: 1,
    });
    expect(opCounts(models.get('pretrainedResnet_quant')!)).toEqual({
      CONV_2D: 9, ADD: 3, AVERAGE_POOL_2D: 1, RESHAPE: 1, FULLY_CONNECTED: 1, SOFTMAX: 1,
    });
    expect(opCounts(models.get('vww_96_int8')!)).toEqual({
      CONV_2D: 14, DEPTHWISE_CONV_2D: 13, AVERAGE_POOL_2D: 1, RESHAPE: 1, FULLY_CONNECTED: 1, SOFTMAX: 1,
    });
    expect(opCounts(models.get('ad01_int8')!)).toEqual({ FULLY_CONNECTED: 10 });
    for (const m of models.values()) {
      expect(m.version).toBe(3);
      expect(m.subgraphs).toHaveLength(1);
      expect(m.buffers[0]).toHaveLength(0);
      expect(m.metadata.map((e) => e.name)).toEqual(['min_runtime_version']);
    }
  });

  it('decodes the input and output tensors', () => {
    const io = (name: string): [number[], string, number[]] => {
      const sg = models.get(name)!.subgraphs[0];
      const x = sg.tensors[sg.inputs[0]];
      return [x.shape, x.type, sg.tensors[sg.outputs[0]].shape];
    };
    expect(io('kws_ref_model')).toEqual([[1, 49, 10, 1], 'int8', [1, 12]]);
    expect(io('vww_96_int8')).toEqual([[1, 96, 96, 3], 'int8', [1, 2]]);
    expect(io('pretrainedResnet_quant')).toEqual([[1, 32, 32, 3], 'int8', [1, 10]]);
    expect(io('ad01_int8')).toEqual([[1, 640], 'int8', [1, 640]]);
    const kws = models.get('kws_ref_model')!.subgraphs[0];
    const x = kws.tensors[kws.inputs[0]];
    expect(x.name).toBe('input_1');
    expect(x.quant?.scale).toHaveLength(1);
    expect(x.quant?.zeroPoint).toHaveLength(1);
    expect(x.data).toBeUndefined();
  });

  it('decodes per-axis weight quantization and constant data', () => {
    for (const name of ['kws_ref_model', 'vww_96_int8', 'pretrainedResnet_quant']) {
      const m = models.get(name)!;
      const sg = m.subgraphs[0];
      let convs = 0;
      for (const op of sg.operators) {
        const opName = m.operatorCodes[op.opcodeIndex].name;
        if (opName !== 'CONV_2D' && opName !== 'DEPTHWISE_CONV_2D') continue;
        convs++;
        const w = sg.tensors[op.inputs[1]];
        const axis = opName === 'CONV_2D' ? 0 : 3;
        expect(w.type).toBe('int8');
        expect(w.quant?.quantizedDimension).toBe(axis);
        expect(w.quant?.scale).toHaveLength(w.shape[axis]);
        expect(w.quant?.zeroPoint).toEqual(new Array(w.shape[axis]).fill(0));
        expect(w.data).toBeInstanceOf(Uint8Array);
        expect(w.data!.byteOffset).toBe(0);
        expect(Buffer.compare(w.data!, m.buffers[w.buffer])).toBe(0);
        expect(w.data).not.toBe(m.buffers[w.buffer]);
        expect(op.optionsType).toBe(opName === 'CONV_2D' ? OPT.Conv2DOptions : OPT.DepthwiseConv2DOptions);
        const o = op.options as { padding: string; dilationWFactor: number };
        expect(['SAME', 'VALID']).toContain(o.padding);
        expect(o.dilationWFactor).toBe(1);
      }
      expect(convs).toBeGreaterThan(0);
    }
    const kws = models.get('kws_ref_model')!.subgraphs[0];
    const first = kws.tensors[kws.operators[0].inputs[1]];
    expect(first.shape).toEqual([64, 10, 4, 1]);
  });

  it('round-trips through writeTflite', () => {
    for (const [name, m] of models) {
      const bytes = writeTflite(m);
      expect(String.fromCharCode(...bytes.subarray(4, 8))).toBe('TFL3');
      const again = readTflite(bytes, name);
      expect(comparable(again)).toEqual(comparable(m));
      // Writing is deterministic, so a second round gives the same bytes.
      expect(Buffer.compare(writeTflite(again), bytes)).toBe(0);
    }
  });
});

describe('writeTflite', () => {
  it('aligns buffer data to 16 bytes', () => {
    const b = new TfliteBuilder();
    const x = b.tensor('x', [1, 3]);
    for (let i = 0; i < 5; i++) b.constTensor(`c${i}`, [i + 1], new Int8Array(i + 1).fill(7));
    b.inputs([x]).outputs([x]);
    const bytes = b.bytes();
    // Find each constant's data (a run of 7s preceded by its length) and check its position.
    let found = 0;
    for (let p = 4; p < bytes.length; p++) {
      const n = bytes[p - 4] | (bytes[p - 3] << 8) | (bytes[p - 2] << 16) | (bytes[p - 1] << 24);
      if (n >= 1 && n <= 5 && bytes.subarray(p, p + n).every((v) => v === 7) && bytes[p - 5] !== 7) {
        expect(p % 16).toBe(0);
        found++;
      }
    }
    expect(found).toBe(5);
  });

  it('writes codes above 127 with the placeholder deprecated code', () => {
    const b = new TfliteBuilder();
    const x = b.tensor('x', [2]);
    const y = b.tensor('y', [2]);
    b.op('GELU', [x], [y]);
    b.op('CUSTOM:MyOp', [y], [x], {}, 2);
    b.inputs([x]).outputs([y]);
    const m = readTflite(b.bytes());
    expect(m.operatorCodes).toEqual([
      { builtinCode: 150, name: 'GELU', version: 1 },
      { builtinCode: 32, name: 'CUSTOM:MyOp', version: 2, customCode: 'MyOp' },
    ]);
    expect(m).toEqual(b.model());
  });
});

describe('buffers stored outside the flatbuffer (Buffer.offset / size)', () => {
  /** A model whose buffer 1 (4 bytes of a float32 [1] constant) is addressed by offset/size; `patch` edits them. */
  function external(patch: (offset: number) => [bigint, bigint]): Uint8Array {
    const b = new flatbuffers.Builder(256);
    const mark = BigInt('0x1122334455667788');
    b.startObject(3);
    b.addFieldInt64(F.Buffer.offset, mark, BigInt(0));
    b.addFieldInt64(F.Buffer.size, mark, BigInt(0));
    const ext = b.endObject();
    b.startObject(1);
    const empty = b.endObject();
    b.startVector(4, 2, 4);
    b.addOffset(ext); // vectors are written back to front too: buffers = [empty, ext]
    b.addOffset(empty);
    const buffers = b.endVector();
    b.startVector(4, 1, 4);
    b.addInt32(1);
    const shape = b.endVector();
    b.startObject(3);
    b.addFieldOffset(F.Tensor.shape, shape, 0);
    b.addFieldInt32(F.Tensor.buffer, 1, 0);
    const tensor = b.endObject();
    b.startVector(4, 1, 4);
    b.addOffset(tensor);
    const tensors = b.endVector();
    b.startObject(1);
    b.addFieldOffset(F.SubGraph.tensors, tensors, 0);
    const sg = b.endObject();
    b.startVector(4, 1, 4);
    b.addOffset(sg);
    const subgraphs = b.endVector();
    b.startObject(5);
    b.addFieldInt32(F.Model.version, 3, 0);
    b.addFieldOffset(F.Model.subgraphs, subgraphs, 0);
    b.addFieldOffset(F.Model.buffers, buffers, 0);
    b.finish(b.endObject(), 'TFL3');
    const fb = b.asUint8Array();
    const file = new Uint8Array(fb.length + 4);
    file.set(fb);
    file.set(new Uint8Array(new Float32Array([2.5]).buffer), fb.length);
    const view = new DataView(file.buffer);
    const [offset, size] = patch(fb.length);
    // The builder writes back to front: the last field added (size) comes first.
    let found = 0;
    for (let p = 0; p + 8 <= fb.length; p++) {
      if (view.getBigUint64(p, true) === mark) view.setBigUint64(p, found++ === 0 ? size : offset, true);
    }
    expect(found).toBe(2);
    return file;
  }

  it('reads the data from the file', () => {
    const m = readTflite(external((o) => [BigInt(o), BigInt(4)]));
    expect(m.buffers[1]).toEqual(new Uint8Array(new Float32Array([2.5]).buffer));
    expect(new Float32Array(m.subgraphs[0].tensors[0].data!.buffer)).toEqual(new Float32Array([2.5]));
    // The writer stores it as an ordinary data vector.
    expect(readTflite(writeTflite(m))).toStrictEqual(m);
  });

  it('rejects data outside the file', () => {
    expect(readError(external((o) => [BigInt(o), BigInt(5)]))).toMatch(/buffer data of 5 bytes runs past the end .*\(buffer 1, byte offset \d+\)$/);
    expect(readError(external(() => [BigInt('0xffffffffffffffff'), BigInt(4)]))).toMatch(/buffer data of 4 bytes runs past the end/);
  });
});

describe('builder-made models round-trip every decoded option table', () => {
  const cases: [string, number, OptionFields][] = [
    ['CONV_2D', OPT.Conv2DOptions, { padding: 'VALID', strideW: 2, strideH: 3, fusedActivationFunction: 'RELU6', dilationWFactor: 2, dilationHFactor: 4 }],
    ['DEPTHWISE_CONV_2D', OPT.DepthwiseConv2DOptions, { padding: 'SAME', strideW: 1, strideH: 2, depthMultiplier: 2, fusedActivationFunction: 'RELU_N1_TO_1', dilationWFactor: 3 }],
    ['FULLY_CONNECTED', OPT.FullyConnectedOptions, { fusedActivationFunction: 'TANH', weightsFormat: 1, keepNumDims: true, asymmetricQuantizeInputs: true }],
    ['MAX_POOL_2D', OPT.Pool2DOptions, { padding: 'VALID', strideW: 2, strideH: 2, filterWidth: 3, filterHeight: 2, fusedActivationFunction: 'SIGN_BIT' }],
    ['ADD', OPT.AddOptions, { fusedActivationFunction: 'RELU' }],
    ['SUB', OPT.SubOptions, { fusedActivationFunction: 'RELU6' }],
    ['MUL', OPT.MulOptions, { fusedActivationFunction: 'TANH' }],
    ['CONCATENATION', OPT.ConcatenationOptions, { axis: -1, fusedActivationFunction: 'RELU' }],
    ['RESHAPE', OPT.ReshapeOptions, { newShape: [1, -1, 8] }],
    ['RESHAPE', OPT.ReshapeOptions, {}],
    ['SQUEEZE', OPT.SqueezeOptions, { squeezeDims: [1, 2] }],
    ['SQUEEZE', OPT.SqueezeOptions, {}],
    ['SOFTMAX', OPT.SoftmaxOptions, { beta: 0.75 }],
    ['LEAKY_RELU', OPT.LeakyReluOptions, { alpha: 0.125 }],
    ['MEAN', OPT.ReducerOptions, { keepDims: true }],
    ['CONV_2D', OPT.Conv2DOptions, {}],
    ['DEPTHWISE_CONV_2D', OPT.DepthwiseConv2DOptions, {}],
    ['TRANSPOSE_CONV', 49, {}],
    ['LOGISTIC', 0, {}],
  ];
  it.each(cases)('%s (options type %i) %j', (name, type, options) => {
    const b = new TfliteBuilder();
    const x = b.tensor('x', [1, 8, 8, 3]);
    const y = b.tensor('y', [1, 8, 8, 3]);
    b.op(name, [x], [y], options, 1, type);
    b.inputs([x]).outputs([y]);
    const m = b.model();
    const op = m.subgraphs[0].operators[0];
    expect(op.optionsType).toBe(type);
    expect(op.options).toEqual({ ...defaultOptions(type), ...(type === 0 ? {} : options) } as TfliteOptions);
    expect(readTflite(b.bytes())).toStrictEqual(m);
  });

  it('round-trips quantization, multiple subgraphs, metadata and flags', () => {
    const b = smallModel();
    b.addMetadata('min_runtime_version', new TextEncoder().encode('1.5.0\0\0\0\0\0\0\0\0\0\0\0'));
    const m = b.model();
    const t = m.subgraphs[0].tensors[0];
    t.quant = { scale: [0.5], zeroPoint: [-3], quantizedDimension: 0, min: [-1], max: [2.5] };
    t.isVariable = true;
    m.subgraphs[0].tensors[2].sparse = true;
    m.subgraphs.push({ name: 'second', tensors: [{ index: 0, name: 'ü-ñ', shape: [], type: 'unknown(42)', buffer: 0, isVariable: false, sparse: false }], inputs: [0], outputs: [0], operators: [] });
    m.description = 'desc ✓';
    expect(readTflite(writeTflite(m))).toStrictEqual(m);
  });
});

describe('readTflite rejects broken files with one-line TinyfitErrors', () => {
  const good = smallModel().bytes();

  it('empty, tiny and non-TFLite files', () => {
    expect(readError(new Uint8Array(0))).toMatch(/too small/);
    expect(readError(new Uint8Array([1, 2, 3]))).toMatch(/too small/);
    const wrong = good.slice();
    wrong.set([0x41, 0x42, 0x43, 0x44], 4);
    expect(readError(wrong)).toMatch(/file identifier 'ABCD', expected 'TFL3'/);
    expect(readError(new TextEncoder().encode('{"format": "layers-model"}'))).toMatch(/file identifier/);
  });

  it('accepts a file without identifier only when its root table parses', () => {
    const noIdent = good.slice();
    noIdent.set([0, 0, 0, 0], 4);
    expect(readTflite(noIdent)).toEqual(readTflite(good));
    const junk = new Uint8Array(64).fill(0xff);
    junk.set([0, 0, 0, 0], 4);
    expect(readError(junk)).toMatch(/no 'TFL3' file identifier/);
  });

  it('wrong schema version', () => {
    const m = smallModel().model();
    expect(readError(writeTflite({ ...m, version: 2 }))).toMatch(/unsupported TFLite schema version 2/);
  });

  it('truncated files', () => {
    const kws = load('kws_ref_model');
    for (const n of [4, 8, 11, 16, 40, 100, 1000, 20000, kws.length - 1000, kws.length - 1]) {
      expect(readError(kws.subarray(0, n), 'kws.tflite')).toMatch(/^kws\.tflite: /);
    }
    for (let n = 0; n < good.length; n += 7) readError(good.subarray(0, n));
  });

  it('bad cross-references', () => {
    const base = smallModel().model();
    const withOp = (patch: Partial<TfliteModel['subgraphs'][0]['operators'][0]>): TfliteModel => {
      const m = clone(base);
      Object.assign(m.subgraphs[0].operators[1], patch);
      return m;
    };
    expect(readError(writeTflite(withOp({ opcodeIndex: 9 })))).toMatch(/opcode index 9 out of range: the model has 4 operator codes \(subgraph 0 operator 1\)$/);
    expect(readError(writeTflite(withOp({ inputs: [99] })))).toMatch(/input tensor index 99 out of range/);
    expect(readError(writeTflite(withOp({ outputs: [-1] })))).toMatch(/output tensor index -1 out of range/);
    const badBuf = clone(base);
    badBuf.subgraphs[0].tensors[1].buffer = 17;
    expect(readError(writeTflite(badBuf))).toMatch(/buffer index 17 out of range: the model has 4 buffers \(subgraph 0 tensor 1 'w'\)$/);
    const badIn = clone(base);
    badIn.subgraphs[0].inputs = [12];
    expect(readError(writeTflite(badIn))).toMatch(/input tensor index 12 out of range/);
    const badMeta = clone(base);
    badMeta.metadata = [{ name: 'x', buffer: 5 }];
    expect(readError(writeTflite(badMeta))).toMatch(/buffer index 5 out of range: the model has 4 buffers \(metadata 0 'x'\)$/);
  });

  it('bad tensors and quantization', () => {
    const base = smallModel().model();
    const patch = (f: (m: TfliteModel) => void): Uint8Array => {
      const m = clone(base);
      f(m);
      return writeTflite(m);
    };
    expect(readError(patch((m) => (m.subgraphs[0].tensors[0].shape = [1, -1, 4, 2])))).toMatch(/negative dimension/);
    expect(readError(patch((m) => (m.subgraphs[0].tensors[1].shape = [3, 3, 3, 3])))).toMatch(/constant data has 54 bytes/);
    expect(readError(patch((m) => (m.subgraphs[0].tensors[1].quant!.zeroPoint = [0, 0])))).toMatch(/2 zero points for 3 scales/);
    expect(readError(patch((m) => (m.subgraphs[0].tensors[1].quant!.scale = [0.1, NaN, 0.3])))).toMatch(/non-finite scale/);
    expect(readError(patch((m) => (m.subgraphs[0].tensors[1].quant!.quantizedDimension = 3)))).toMatch(/3 scales, but dimension 3/);
    expect(readError(patch((m) => (m.subgraphs[0].tensors[1].quant!.quantizedDimension = 7)))).toMatch(/quantized dimension 7 outside/);
    const newline = readError(patch((m) => {
      m.subgraphs[0].tensors[0].name = 'a\nb\u2028c';
      m.subgraphs[0].tensors[0].shape = [-2];
    }));
    expect(newline).toContain("'a\\u000ab\\u2028c'");
    expect(readError(patch((m) => (m.subgraphs = [])))).toMatch(/no subgraphs/);
    expect(readError(patch((m) => (m.operatorCodes[0] = { builtinCode: 32, name: 'CUSTOM:', version: 1 })))).toMatch(/custom operator without a custom_code/);
  });

  it('the error location names the byte offset for low-level corruption', () => {
    const kws = load('kws_ref_model').slice();
    // Point the root table offset past the end of the file.
    kws.set([0xff, 0xff, 0xff, 0x7f], 0);
    expect(readError(kws, 'kws')).toMatch(/^kws: offset points past the end of the file, to 2147483647 \(root table offset, byte offset 0\)$/);
  });

  it('files whose tables overlap cannot multiply the decoding work', () => {
    // 40,000 tensor entries all pointing at one tensor table with a 40,000-dim shape: decoding it naively would
    // read 1.6e9 dims. The work limit rejects it quickly.
    const n = 40_000;
    const b = new flatbuffers.Builder(1 << 20);
    b.startVector(4, n, 4);
    for (let i = 0; i < n; i++) b.addInt32(1);
    const shape = b.endVector();
    b.startObject(1);
    b.addFieldOffset(F.Tensor.shape, shape, 0);
    const tensor = b.endObject();
    b.startVector(4, n, 4);
    for (let i = 0; i < n; i++) b.addOffset(tensor);
    const tensors = b.endVector();
    b.startObject(1);
    b.addFieldOffset(F.SubGraph.tensors, tensors, 0);
    const sg = b.endObject();
    b.startVector(4, 1, 4);
    b.addOffset(sg);
    const subgraphs = b.endVector();
    b.startObject(3);
    b.addFieldInt32(F.Model.version, 3, 0);
    b.addFieldOffset(F.Model.subgraphs, subgraphs, 0);
    b.finish(b.endObject(), 'TFL3');
    const start = Date.now();
    expect(readError(b.asUint8Array())).toMatch(/tables overlap/);
    expect(Date.now() - start).toBeLessThan(500);
  });
});
