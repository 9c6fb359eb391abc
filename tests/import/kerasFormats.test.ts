/**
 * Keras-exported model.json files must import exactly like the TF.js-saved original.
 *
 * Zoo models are saved by saveModel (TF.js spelling), then their model.json is rewritten by small pure functions
 * into (a) Keras 2 / tensorflowjs_converter style and (b) Keras 3 style, optionally with scoped (`model/dense/kernel`)
 * and `:0`-suffixed weight names. Each rewritten file must import to a graph with the same ops whose float reference
 * outputs equal the original's bit for bit, and match TF.js predict on the original model.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type * as TF from '@tensorflow/tfjs';
import { getTf } from '../../src/engine';
import { importModel } from '../../src/import';
import { Graph } from '../../src/ir/types';
import { runFloat } from '../../src/reference/runFloat';
import { LAYER_CASES, ZOO, ZooEntry, zooInputs } from '../zoo/models';
import { readModelJson, saveModel, SavedModelJson, seedWeights } from '../zoo/save';
import { DTYPE_POLICY, Json } from './keras';

type Shape = (number | null)[];
/** Output shape (batch included) of call `node` of a layer of the original model. */
type ShapeOf = (layer: string, node: number) => Shape;

// -------------------------------------------------------------------------------------------------------------
// rewrites (each a pure function: the input is never modified)

function isObj(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The `{class_name, config}` model object, whether or not it is wrapped in `model_config`. */
function modelObject(j: SavedModelJson): Json {
  const t = j.modelTopology as Json;
  return isObj(t.model_config) ? t.model_config : t;
}

function layersOf(j: SavedModelJson): Json[] {
  return (modelObject(j).config as Json).layers as Json[];
}

/** A copy of `j` with the layer list replaced by `f(layers)`. */
function withLayers(j: SavedModelJson, f: (layers: Json[]) => Json[]): SavedModelJson {
  const out = structuredClone(j);
  const cfg = modelObject(out).config as Json;
  cfg.layers = f(cfg.layers as Json[]);
  return out;
}

/** A copy of `j` with every layer entry replaced by `f(layer)` (given a private copy). */
function mapLayers(j: SavedModelJson, f: (layer: Json) => Json): SavedModelJson {
  return withLayers(j, (ls) => ls.map(f));
}

/** A copy of `j` with every manifest entry's name replaced by `f(name)`. */
function mapWeightNames(j: SavedModelJson, f: (name: string) => string): SavedModelJson {
  const out = structuredClone(j);
  for (const g of out.weightsManifest) for (const w of g.weights) w.name = f(w.name);
  return out;
}

const cfgOf = (l: Json): Json => l.config as Json;

/** Keras 2 / tensorflowjs_converter envelope: `modelTopology.model_config`, and 'Functional' for TF.js 'Model'. */
function keras2Envelope(j: SavedModelJson): SavedModelJson {
  const t = structuredClone(j.modelTopology as Json);
  const className = t.class_name === 'Model' ? 'Functional' : t.class_name;
  return {
    ...structuredClone(j),
    generatedBy: 'keras v2.15.0',
    convertedBy: 'TensorFlow.js Converter v4.22.0',
    modelTopology: { keras_version: '2.15.0', backend: 'tensorflow', model_config: { class_name: className, config: t.config } },
  };
}

/** Older Keras class-name aliases (all still deserialised by Keras 2). */
const KERAS2_ALIASES: Record<string, string> = {
  Conv1D: 'Convolution1D',
  Conv2D: 'Convolution2D',
  SeparableConv2D: 'SeparableConvolution2D',
  MaxPooling1D: 'MaxPool1D',
  MaxPooling2D: 'MaxPool2D',
  AveragePooling1D: 'AvgPool1D',
  AveragePooling2D: 'AvgPool2D',
  GlobalAveragePooling1D: 'GlobalAvgPool1D',
  GlobalAveragePooling2D: 'GlobalAvgPool2D',
  GlobalMaxPooling1D: 'GlobalMaxPool1D',
  GlobalMaxPooling2D: 'GlobalMaxPool2D',
};

function keras2ClassAliases(j: SavedModelJson): SavedModelJson {
  return mapLayers(j, (l) => ({ ...l, class_name: KERAS2_ALIASES[l.class_name as string] ?? l.class_name }));
}

/** tf.keras 2 writes BatchNormalization's axis as it stands after build: a list of positive axes ([3] for NHWC). */
function keras2BatchNormAxes(j: SavedModelJson, shapeOf: ShapeOf): SavedModelJson {
  return mapLayers(j, (l) => {
    if (l.class_name !== 'BatchNormalization') return l;
    const c = cfgOf(l);
    return { ...l, config: { ...c, axis: [shapeOf(c.name as string, 0).length - 1] } };
  });
}

/** Keras 2 global pooling layers always write keepdims. */
function keras2Keepdims(j: SavedModelJson): SavedModelJson {
  return mapLayers(j, (l) => (/^Global/.test(l.class_name as string) ? { ...l, config: { ...cfgOf(l), keepdims: false } } : l));
}

/**
 * Keras Sequential models start with an explicit InputLayer (`<first>_input`) holding the input shape under `key`;
 * TF.js instead puts batch_input_shape on the first layer. No-op when the model already has an InputLayer.
 */
function sequentialInputLayer(j: SavedModelJson, key: 'batch_input_shape' | 'batch_shape'): SavedModelJson {
  if (modelObject(j).class_name !== 'Sequential') return j;
  return withLayers(j, (ls) => {
    const first = cfgOf(ls[0]);
    if (ls[0].class_name === 'InputLayer') {
      const { batch_input_shape: shape, ...rest } = first;
      return [{ ...ls[0], config: { ...rest, [key]: shape } }, ...ls.slice(1)];
    }
    const { batch_input_shape: shape, ...rest } = first;
    const name = `${String(first.name)}_input`;
    const input = { class_name: 'InputLayer', config: { [key]: shape, dtype: 'float32', sparse: false, ragged: false, name } };
    return [input, { ...ls[0], config: rest }, ...ls.slice(1)];
  });
}

/** Keras 3 envelope: 'Functional', module / registered_name / build_config, flat refs for a single input or output. */
function keras3Envelope(j: SavedModelJson): SavedModelJson {
  const t = structuredClone(j.modelTopology as Json);
  const functional = t.class_name !== 'Sequential';
  const config = t.config as Json;
  if (functional) {
    for (const key of ['input_layers', 'output_layers']) {
      const refs = config[key] as unknown[][];
      config[key] = refs.length === 1 ? refs[0].slice(0, 3) : refs.map((r) => r.slice(0, 3));
    }
  } else {
    config.dtype = DTYPE_POLICY;
  }
  return {
    ...structuredClone(j),
    generatedBy: 'keras v3.5.0',
    convertedBy: 'TensorFlow.js Converter v4.22.0',
    modelTopology: {
      keras_version: '3.5.0',
      backend: 'tensorflow',
      model_config: {
        module: 'keras',
        class_name: functional ? 'Functional' : 'Sequential',
        config,
        registered_name: functional ? 'Functional' : null,
        build_config: { input_shape: null },
      },
    },
  };
}

const MERGE = new Set(['Add', 'Subtract', 'Multiply', 'Average', 'Maximum', 'Minimum', 'Concatenate']);

/**
 * Keras 3 call records: `[{args: [tensor], kwargs}]`, merge layers `args: [[a, b, ...]]`, each tensor a
 * `__keras_tensor__` with its (batch-included) shape and keras_history [layer, node, index].
 */
function keras3InboundNodes(j: SavedModelJson, shapeOf: ShapeOf): SavedModelJson {
  const tensorOf = (ref: unknown[]): Json => {
    const [layer, node, index] = [String(ref[0]), Number(ref[1] ?? 0), Number(ref[2] ?? 0)];
    return { class_name: '__keras_tensor__', config: { shape: shapeOf(layer, node), dtype: 'float32', keras_history: [layer, node, index] } };
  };
  const kwargsOf = (cls: string): Json => (cls === 'BatchNormalization' ? { mask: null } : cls === 'Dropout' ? { training: false } : {});
  return mapLayers(j, (l) => {
    if (!Array.isArray(l.inbound_nodes)) return l;
    const cls = l.class_name as string;
    const nodes = (l.inbound_nodes as unknown[][][]).map((refs) => {
      const ts = refs.map(tensorOf);
      return { args: [MERGE.has(cls) ? ts : ts[0]], kwargs: kwargsOf(cls) };
    });
    return { ...l, inbound_nodes: nodes };
  });
}

/** Keras 3 InputLayer: `batch_shape` instead of `batch_input_shape`. */
function keras3BatchShape(j: SavedModelJson): SavedModelJson {
  return mapLayers(j, (l) => {
    if (l.class_name !== 'InputLayer') return l;
    const { batch_input_shape: shape, ...rest } = cfgOf(l);
    return shape === undefined ? l : { ...l, config: { ...rest, batch_shape: shape } };
  });
}

/** Keras 3 layer dtypes are DTypePolicy objects. */
function keras3DtypePolicies(j: SavedModelJson): SavedModelJson {
  return mapLayers(j, (l) => ({ ...l, config: { ...cfgOf(l), dtype: DTYPE_POLICY } }));
}

/** Keras 3 layer entries carry `module` and `registered_name` (and `name` at top level). */
function keras3Modules(j: SavedModelJson): SavedModelJson {
  return mapLayers(j, (l) => ({ module: 'keras.layers', ...l, registered_name: null, name: cfgOf(l).name }));
}

/** Keras 3 LeakyReLU: `negative_slope` instead of `alpha`. */
function keras3LeakyRelu(j: SavedModelJson): SavedModelJson {
  return mapLayers(j, (l) => {
    if (l.class_name !== 'LeakyReLU') return l;
    const { alpha, ...rest } = cfgOf(l);
    return { ...l, config: { ...rest, negative_slope: alpha } };
  });
}

/** Keras 3 names the DepthwiseConv2D kernel `kernel` (Keras 2 / TF.js: `depthwise_kernel`). */
function keras3DepthwiseKernelName(j: SavedModelJson): SavedModelJson {
  const dw = new Set(layersOf(j).filter((l) => l.class_name === 'DepthwiseConv2D').map((l) => cfgOf(l).name as string));
  return mapWeightNames(j, (n) => {
    const m = /^(.*)\/depthwise_kernel$/.exec(n);
    return m && dw.has(m[1]) ? `${m[1]}/kernel` : n;
  });
}

/** Weight names as TF variable names: a scope prefix and/or a `:0` suffix. */
function scopedWeightNames(j: SavedModelJson, scope: string, suffix: string): SavedModelJson {
  return mapWeightNames(j, (n) => `${scope}/${n}${suffix}`);
}

function toKeras2(j: SavedModelJson, shapeOf: ShapeOf): SavedModelJson {
  return keras2Envelope(keras2Keepdims(keras2BatchNormAxes(keras2ClassAliases(sequentialInputLayer(j, 'batch_input_shape')), shapeOf)));
}

function toKeras3(j: SavedModelJson, shapeOf: ShapeOf): SavedModelJson {
  const layers = keras3LeakyRelu(keras3Modules(keras3DtypePolicies(keras3BatchShape(keras3InboundNodes(sequentialInputLayer(j, 'batch_shape'), shapeOf)))));
  return keras3Envelope(keras3DepthwiseKernelName(layers));
}

interface Variant {
  name: string;
  rewrite: (j: SavedModelJson, shapeOf: ShapeOf, model: string) => SavedModelJson;
}

const VARIANTS: Variant[] = [
  { name: 'keras2', rewrite: (j, s) => toKeras2(j, s) },
  { name: 'keras2_scoped', rewrite: (j, s, m) => scopedWeightNames(toKeras2(j, s), m, ':0') },
  { name: 'keras3', rewrite: (j, s) => toKeras3(j, s) },
  { name: 'keras3_scoped', rewrite: (j, s) => scopedWeightNames(toKeras3(j, s), 'model', '') },
  { name: 'tfjs_suffixed', rewrite: (j) => scopedWeightNames(j, 'model', ':0') },
];

// -------------------------------------------------------------------------------------------------------------
// fixtures

const MODELS = ['multi_io', 'resnet8', 'conv1d', 'dscnn_kws', 'separable_dilated', 'lenet5', 'leaky_relu_0_1'];
const SEED = 4242;

interface Fixture {
  entry: ZooEntry;
  dir: string;
  original: SavedModelJson;
  shapeOf: ShapeOf;
  graph: Graph;
  inputs: Float32Array[];
  reference: Float32Array[];
  predicted: Float32Array[];
}

let tf: typeof TF;
let root: string;
const fixtures = new Map<string, Fixture>();

function findEntry(name: string): ZooEntry {
  const e = [...ZOO, ...LAYER_CASES].find((z) => z.name === name);
  if (!e) throw new Error(`no zoo entry ${name}`);
  return e;
}

function shapeLookup(model: TF.LayersModel): ShapeOf {
  return (layer, node) => {
    const out = model.getLayer(layer).getOutputAt(node);
    return [...(Array.isArray(out) ? out[0] : out).shape];
  };
}

beforeAll(async () => {
  tf = await getTf();
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'tinyfit-kerasfmt-'));
  for (const name of MODELS) {
    const entry = findEntry(name);
    const model = entry.build(tf);
    seedWeights(model, SEED);
    const dir = path.join(root, name);
    await saveModel(model, dir);
    const graph = importModel(path.join(dir, 'model.json'));
    const inputs = zooInputs(entry, SEED + 1);
    const predicted = tf.tidy(() => {
      const xs = inputs.map((d, i) => tf.tensor(d, [1, ...entry.inputShapes[i]]));
      const y = model.predict(xs.length === 1 ? xs[0] : xs);
      return (Array.isArray(y) ? y : [y]).map((t) => Float32Array.from(t.dataSync()));
    });
    fixtures.set(name, {
      entry,
      dir,
      original: readModelJson(dir),
      shapeOf: shapeLookup(model),
      graph,
      inputs,
      reference: runFloat(graph, inputs),
      predicted,
    });
  }
});

afterAll(() => {
  fs.rmSync(root, { recursive: true, force: true });
});

function fixture(name: string): Fixture {
  const f = fixtures.get(name);
  if (!f) throw new Error(`fixture ${name} missing`);
  return f;
}

/** Op kinds and attributes in order (names differ between spellings; what runs must not). */
function structure(g: Graph): unknown[] {
  return g.ops.map((op) => [op.kind, op.attrs, op.inputs.map((i) => g.tensors.get(i)?.shape)]);
}

function expectNear(actual: Float32Array, expected: Float32Array, what: string, atol = 1e-4, rtol = 1e-3): void {
  expect(actual.length).toBe(expected.length);
  let worst = 0;
  let at = -1;
  for (let i = 0; i < expected.length; i++) {
    const excess = Math.abs(actual[i] - expected[i]) - (atol + rtol * Math.abs(expected[i]));
    if (!(excess <= worst)) {
      worst = excess;
      at = i;
    }
  }
  if (at >= 0) throw new Error(`${what}: element ${at} is ${actual[at]}, expected ${expected[at]}`);
}

// -------------------------------------------------------------------------------------------------------------
// tests

describe('rewrites are pure and produce the intended spelling', () => {
  it('does not modify its input', () => {
    const f = fixture('multi_io');
    const before = JSON.stringify(f.original);
    for (const v of VARIANTS) v.rewrite(f.original, f.shapeOf, 'multi_io');
    expect(JSON.stringify(f.original)).toBe(before);
  });

  it('keras2: model_config envelope, Functional, class aliases, list BN axes', () => {
    const j = toKeras2(fixture('resnet8').original, fixture('resnet8').shapeOf);
    const t = j.modelTopology as Json;
    expect(t.keras_version).toBe('2.15.0');
    expect((t.model_config as Json).class_name).toBe('Functional');
    const classes = layersOf(j).map((l) => l.class_name);
    expect(classes).toContain('Convolution2D');
    expect(classes).toContain('AvgPool2D');
    expect(classes).not.toContain('Conv2D');
    const bn = layersOf(j).find((l) => l.class_name === 'BatchNormalization') as Json;
    expect(cfgOf(bn).axis).toEqual([3]);
    const seq = toKeras2(fixture('lenet5').original, fixture('lenet5').shapeOf);
    expect((modelObject(seq) as Json).class_name).toBe('Sequential');
    expect(layersOf(seq)[0].class_name).toBe('InputLayer');
    expect(layersOf(seq).map((l) => l.class_name)).toContain('MaxPool2D');
  });

  it('keras3: keras tensors, nested merge args, batch_shape, dtype policies, module, negative_slope, depthwise kernel', () => {
    const f = fixture('multi_io');
    const j = toKeras3(f.original, f.shapeOf);
    const text = JSON.stringify(j);
    expect(text).not.toContain('batch_input_shape');
    expect(text).toContain('"batch_shape"');
    expect(text).toContain('DTypePolicy');
    const concat = layersOf(j).find((l) => l.class_name === 'Concatenate') as Json;
    const [call] = concat.inbound_nodes as Json[];
    const args = call.args as Json[][];
    expect(args).toHaveLength(1);
    expect(args[0].map((t) => (t.config as Json).keras_history)).toEqual([
      ['shared_dense', 0, 0],
      ['shared_dense', 1, 0],
    ]);
    expect((args[0][0].config as Json).shape).toEqual([null, 16]);
    for (const l of layersOf(j)) {
      expect(l.module).toBe('keras.layers');
      expect(l).toHaveProperty('registered_name', null);
    }
    const shared = layersOf(j).find((l) => l.name === 'shared_dense') as Json;
    expect(shared.inbound_nodes).toHaveLength(2);
    const leaky = toKeras3(fixture('leaky_relu_0_1').original, fixture('leaky_relu_0_1').shapeOf);
    const lr = layersOf(leaky).find((l) => l.class_name === 'LeakyReLU') as Json;
    expect(cfgOf(lr)).toMatchObject({ negative_slope: 0.1 });
    expect(cfgOf(lr)).not.toHaveProperty('alpha');
    const dscnn = toKeras3(fixture('dscnn_kws').original, fixture('dscnn_kws').shapeOf);
    const names = dscnn.weightsManifest.flatMap((g) => g.weights.map((w) => w.name));
    expect(names.some((n) => /DepthwiseConv2D\d+\/kernel$/.test(n))).toBe(true);
    expect(names.some((n) => n.endsWith('/depthwise_kernel'))).toBe(false);
  });

  it('scoped names carry a prefix and suffix', () => {
    const j = scopedWeightNames(fixture('resnet8').original, 'model', ':0');
    const names = j.weightsManifest.flatMap((g) => g.weights.map((w) => w.name));
    expect(names.every((n) => n.startsWith('model/') && n.endsWith(':0'))).toBe(true);
  });
});

describe.each(MODELS)('%s', (name) => {
  it('original import matches TF.js predict', () => {
    const f = fixture(name);
    f.reference.forEach((y, i) => expectNear(y, f.predicted[i], `${name} output ${i}`));
  });

  it.each(VARIANTS.map((v) => v.name))('%s spelling imports to the same graph and outputs', (variant) => {
    const f = fixture(name);
    const v = VARIANTS.find((x) => x.name === variant) as Variant;
    const file = path.join(f.dir, `${variant}.json`);
    fs.writeFileSync(file, JSON.stringify(v.rewrite(f.original, f.shapeOf, name)));
    const g = importModel(file);
    expect(structure(g)).toEqual(structure(f.graph));
    expect(g.inputs.map((id) => g.tensors.get(id)?.shape)).toEqual(f.entry.inputShapes);
    const out = runFloat(g, f.inputs);
    expect(out).toHaveLength(f.reference.length);
    out.forEach((y, i) => {
      expect(Array.from(y)).toEqual(Array.from(f.reference[i]));
      expectNear(y, f.predicted[i], `${name}/${variant} output ${i}`);
    });
  });
});
