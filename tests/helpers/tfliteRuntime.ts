/**
 * TensorFlow Lite's own C++ runtime as an independent peer, from the `@tensorflow/tfjs-tflite` npm package (its
 * Emscripten build of the TFLite interpreter, loaded here directly from the .wasm, without TF.js).
 *
 * That build delegates what it can to XNNPACK, whose int8 kernels requantize in float32 and are not bit-exact with
 * TFLite's builtin kernels. XNNPACK only takes convolutions and fully connected layers with constant weights, so
 * {@link builtinKernelsOnly} turns their weights and biases into model inputs fed at run time: those layers then run
 * on TFLite's builtin kernels. The run's profile says which nodes XNNPACK still took.
 */
import * as fs from 'fs';
import * as path from 'path';
import { TfliteModel } from '../../src/import/tflite/model';
import { writeTflite } from '../../src/import/tflite/writer';

const WASM_DIR = path.join(path.dirname(require.resolve('@tensorflow/tfjs-tflite/package.json')), 'wasm');

/* eslint-disable @typescript-eslint/no-explicit-any */
type EmModule = any;

let loaded: Promise<EmModule> | undefined;

/** Loads the TFLite web runtime once (single-threaded, non-SIMD build). */
export function loadTfliteRuntime(): Promise<EmModule> {
  if (!loaded) {
    // eslint-disable-next-line @typescript-eslint/no-var-requires
    const factory = require(path.join(WASM_DIR, 'tflite_web_api_cc.js'));
    loaded = factory({ wasmBinary: fs.readFileSync(path.join(WASM_DIR, 'tflite_web_api_cc.wasm')), print: () => undefined, printErr: () => undefined });
  }
  return loaded!;
}

/** A model whose weighted layers read their weights as inputs (after the model's own inputs), with the data to feed. */
export interface BuiltinOnlyModel {
  bytes: Uint8Array;
  /** Raw bytes of each extra input, in input order. */
  feeds: Uint8Array[];
}

/** Makes CONV_2D / DEPTHWISE_CONV_2D / FULLY_CONNECTED weights and biases model inputs (see the module comment). */
export function builtinKernelsOnly(model: TfliteModel): BuiltinOnlyModel {
  const m: TfliteModel = structuredClone(model);
  const sg = m.subgraphs[0];
  const feeds: Uint8Array[] = [];
  const fed = new Set<number>();
  for (const op of sg.operators) {
    if (!['CONV_2D', 'DEPTHWISE_CONV_2D', 'FULLY_CONNECTED'].includes(m.operatorCodes[op.opcodeIndex].name)) continue;
    for (const i of op.inputs.slice(1, 3)) {
      const t = sg.tensors[i];
      if (i < 0 || fed.has(i) || !t.data) continue;
      fed.add(i);
      feeds.push(t.data);
      t.buffer = 0;
      delete t.data;
      sg.inputs.push(i);
    }
  }
  return { bytes: writeTflite(m), feeds };
}

/** Outputs of every sample and the runtime's profile summary. */
export interface PeerRun {
  outputs: (Int8Array | Float32Array)[][];
  /** True when XNNPACK ran any node (those are not TFLite's builtin kernels). */
  xnnpack: boolean;
  profile: string;
}

/**
 * Runs a model on the TFLite runtime: each sample gives the model's own inputs; `feeds` (from
 * {@link builtinKernelsOnly}) fill the extra inputs.
 * @throws Error when the runtime rejects the model or an inference fails
 */
export async function runOnTflite(bytes: Uint8Array, samples: (Int8Array | Float32Array)[][], feeds: Uint8Array[] = []): Promise<PeerRun> {
  const M = await loadTfliteRuntime();
  const ptr = M._malloc(bytes.length);
  M.HEAPU8.set(bytes, ptr);
  const created = M.TFLiteWebModelRunner.CreateFromBufferAndOptions(ptr, bytes.length, { numThreads: 1, enableProfiling: true, maxProfilingBufferEntries: 4096 });
  if (!created.ok()) throw new Error(`TFLite rejected the model: ${created.errorMessage()}`);
  const runner = created.value();
  try {
    const outputs = samples.map((inputs) => {
      const ins = runner.GetInputs();
      inputs.forEach((x, i) => ins.get(i).data().set(x));
      feeds.forEach((f, k) => {
        // The input's typed view (int8, int32 or float32) over the raw bytes of the constant.
        const d = ins.get(inputs.length + k).data();
        d.set(new d.constructor(f.buffer.slice(f.byteOffset, f.byteOffset + f.byteLength)));
      });
      if (!runner.Infer()) throw new Error('TFLite inference failed');
      const outs = runner.GetOutputs();
      return Array.from({ length: outs.size() }, (_, i) => outs.get(i).data().slice());
    });
    const profile: string = runner.GetProfilingSummary();
    return { outputs, xnnpack: /TfLiteXNNPackDelegate/.test(profile), profile };
  } finally {
    runner.delete();
    M._free(ptr);
  }
}
