/**
 * Helpers to write Keras-style model.json files by hand (for layers and options TF.js cannot produce), as
 * `tensorflowjs_converter` lays them out: `{format, generatedBy, convertedBy, modelTopology: {keras_version,
 * backend, model_config}, weightsManifest}` plus one weight shard. Topologies use the Keras 3 spelling
 * (`batch_shape`, `{args, kwargs}` inbound nodes with `__keras_tensor__` references, DTypePolicy objects,
 * `module` / `registered_name`).
 */
import * as fs from 'fs';
import * as path from 'path';

export type Json = Record<string, unknown>;

/** A weight to store: its manifest name, TF.js/Keras shape and float32 values. */
export interface WeightSpec {
  name: string;
  shape: number[];
  data: Float32Array;
}

/** Keras 3's serialized float32 dtype policy. */
export const DTYPE_POLICY: Json = { module: 'keras', class_name: 'DTypePolicy', config: { name: 'float32' }, registered_name: null };

/** A Keras 3 symbolic tensor reference (`shape` includes the batch axis as null). */
export function k3Tensor(layer: string, shape: number[], node = 0, index = 0): Json {
  return {
    class_name: '__keras_tensor__',
    config: { shape: [null, ...shape], dtype: 'float32', keras_history: [layer, node, index] },
  };
}

/** A Keras 3 InputLayer. */
export function k3Input(name: string, shape: number[]): Json {
  return {
    module: 'keras.layers',
    class_name: 'InputLayer',
    config: { batch_shape: [null, ...shape], dtype: 'float32', sparse: false, name },
    registered_name: null,
    name,
    inbound_nodes: [],
  };
}

/**
 * A Keras 3 layer entry. `input` is one tensor (a plain call), an array of tensors (a merge layer: args = [[a, b]]),
 * or undefined (inside a Sequential model).
 */
export function k3Layer(className: string, name: string, config: Json, input?: Json | Json[]): Json {
  const layer: Json = {
    module: 'keras.layers',
    class_name: className,
    config: { name, trainable: true, dtype: DTYPE_POLICY, ...config },
    registered_name: null,
    name,
  };
  if (input !== undefined) layer.inbound_nodes = [{ args: [input], kwargs: {} }];
  return layer;
}

/** A Keras 3 Functional model topology (converter envelope). Single inputs/outputs use the flat [name, 0, 0] form. */
export function k3Functional(name: string, layers: Json[], inputs: string[], outputs: string[]): Json {
  const refs = (names: string[]): unknown => (names.length === 1 ? [names[0], 0, 0] : names.map((n) => [n, 0, 0]));
  return {
    keras_version: '3.5.0',
    backend: 'tensorflow',
    model_config: {
      module: 'keras',
      class_name: 'Functional',
      config: { name, trainable: true, layers, input_layers: refs(inputs), output_layers: refs(outputs) },
      registered_name: 'Functional',
      build_config: { input_shape: null },
    },
  };
}

/** A Keras 3 Sequential model topology: an InputLayer then `layers` (entries without inbound_nodes). */
export function k3Sequential(name: string, inputShape: number[], layers: Json[]): Json {
  const input = k3Input(`${name}_input`, inputShape);
  delete input.inbound_nodes;
  return {
    keras_version: '3.5.0',
    backend: 'tensorflow',
    model_config: {
      module: 'keras',
      class_name: 'Sequential',
      config: { name, trainable: true, dtype: DTYPE_POLICY, layers: [input, ...layers] },
      registered_name: null,
      build_config: { input_shape: [null, ...inputShape] },
    },
  };
}

/**
 * Writes `dir/<file>` (model.json layout) and its single weight shard; returns the model.json path.
 * Several models may share a folder as long as `file` differs.
 */
export function writeKerasModel(dir: string, file: string, modelTopology: Json, weights: WeightSpec[] = []): string {
  fs.mkdirSync(dir, { recursive: true });
  const shard = `${path.basename(file, '.json')}.weights.bin`;
  for (const w of weights) {
    const n = w.shape.reduce((a, b) => a * b, 1);
    if (w.data.length !== n) throw new Error(`weight ${w.name}: ${w.data.length} values for shape [${w.shape}]`);
  }
  const blob = Buffer.concat(weights.map((w) => Buffer.from(w.data.buffer, w.data.byteOffset, w.data.byteLength)));
  fs.writeFileSync(path.join(dir, shard), blob);
  const json = {
    format: 'layers-model',
    generatedBy: `keras v${String(modelTopology.keras_version ?? '3.5.0')}`,
    convertedBy: 'TensorFlow.js Converter v4.22.0',
    modelTopology,
    weightsManifest: [{ paths: [shard], weights: weights.map((w) => ({ name: w.name, shape: w.shape, dtype: 'float32' })) }],
  };
  const p = path.join(dir, file);
  fs.writeFileSync(p, JSON.stringify(json));
  return p;
}
