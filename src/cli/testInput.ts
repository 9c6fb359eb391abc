/**
 * The test input firmware runs the model on (`tinyfit generate --test-input x.npy [y.npy …]`): one .npy per model
 * input, holding that input (its shape, or samples of it: the first is taken), float32 — quantized with the
 * input's parameters for an int8 input — or int8 for an int8 input.
 */
import { TinyfitError } from '../errors';
import { numel, tensor } from '../ir/graph';
import { Graph, Tensor } from '../ir/types';
import { readNpy } from '../io/npy';
import { quantizeInt8 } from '../reference/int8/quantize';
import { TestInput } from '../codegen';

const shapeText = (s: readonly number[]): string => `[${s.join(', ')}]`;

/** One model input's test values from float32 data: as they are, or quantized for an int8 input. */
function fromFloat(t: Tensor, x: Float32Array): Float32Array | Int8Array {
  return t.dtype === 'int8' ? quantizeInt8(x, t.quant) : x;
}

/**
 * Reads the test input of graph `g` from one .npy file per model input.
 * @throws TinyfitError naming the file on a wrong count, shape or dtype, or an unreadable file
 */
export function loadTestInput(files: string[], g: Graph): TestInput {
  const inputs = g.inputs.map((id) => tensor(g, id));
  if (files.length !== inputs.length) {
    throw new TinyfitError(`--test-input takes one .npy per model input: model '${g.name}' has ${inputs.length} (${inputs.map((t) => `'${t.name}' ${shapeText(t.shape)}`).join(', ')}), got ${files.length}`);
  }
  return inputs.map((t, i) => {
    const a = readNpy(files[i]);
    const n = numel(t.shape);
    const sample = a.shape.join(',') === t.shape.join(',') || (a.shape.slice(1).join(',') === t.shape.join(',') && a.shape[0] >= 1);
    if (!sample) throw new TinyfitError(`${files[i]}: shape ${shapeText(a.shape)} is neither input '${t.name}' ${shapeText(t.shape)} nor samples of it [N, ${t.shape.join(', ')}]`);
    if (a.data instanceof Float32Array) return fromFloat(t, a.data.slice(0, n));
    if (a.data instanceof Int8Array && t.dtype === 'int8') return a.data.slice(0, n);
    throw new TinyfitError(`${files[i]}: ${a.data.constructor.name} data for ${t.dtype} input '${t.name}'; give float32${t.dtype === 'int8' ? ' or int8' : ''}`);
  });
}

/** The first calibration sample as a test input (quantized where an input is int8). */
export function testInputFromSample(g: Graph, sample: Float32Array[]): TestInput {
  return g.inputs.map((id, i) => fromFloat(tensor(g, id), sample[i]));
}
