/**
 * Seeded mutations of saved TF.js Layers models (model.json + weight shards) for the model mutation fuzz
 * (tests/fuzz/modelMutation.test.ts).
 *
 * A seed is a zoo model (tests/zoo/models.ts ZOO and LAYER_CASES) saved by saveModel, some with the converter's
 * weight quantization, sharding or several manifest groups. Case `index` of run `runSeed` picks a seed and applies
 * one to three mutations, chosen only from (runSeed, index), so any case is rebuilt with
 * `mutateCase(seeds, runSeed, index)`:
 *
 *   topology  a layer config value replaced (0, negatives, non-integers, 1e-30, 2^31, 2^53, ±1e999 written as a
 *             JSON number, NaN-like strings, null, booleans, wrong-length arrays, objects), a key removed, a
 *             class_name swapped to another supported or an unsupported class, inbound nodes rewired / dropped /
 *             duplicated / emptied, input shapes changed, layers reordered / dropped / duplicated / renamed,
 *             model inputs / outputs rewired;
 *   manifest  weight shapes, dtypes, names, shard paths, quantization fields, entry order and grouping (which moves
 *             every later weight's byte offset), whole groups;
 *   bytes     shards truncated, extended, deleted or replaced by a folder; NaN / ±Inf / huge / subnormal floats and
 *             random bytes written into them.
 *
 * A mutation that puts a well-typed number into a numeric layer attribute (a stride of 0, a kernel size of 2^31,
 * an axis of 7, a units of -1) or an integer of 2^31 or more into an input shape is marked `valueRange`: range
 * checks of attribute values and tensor sizes belong to the op table (validated centrally), not to the importer's
 * data reading. Such a mutation is always the only one of its case, so
 * a failure it causes is attributed to it alone.
 */
import * as fs from 'fs';
import * as path from 'path';
import { mulberry32 } from '../helpers/rng';

export type Json = Record<string, unknown>;

/** A saved model held in memory: its parsed model.json and its shard files by relative path. */
export interface SeedModel {
  name: string;
  json: Json;
  files: Record<string, Uint8Array>;
}

/** One applied mutation. */
export interface Mutation {
  /** topology | manifest | bytes, then what was done (e.g. topology.config.set). */
  kind: string;
  /** What was mutated and how, as one line. */
  desc: string;
  /** A well-typed numeric value put into a numeric layer attribute (see the file comment). */
  valueRange?: boolean;
}

/** A shard file of a mutated case: bytes, a folder in its place, or absent. */
export type CaseFile = Uint8Array | 'dir' | null;

/** A mutated model, ready to write. */
export interface MutatedCase {
  runSeed: number;
  index: number;
  seed: string;
  mutations: Mutation[];
  /** model.json text (numbers such as 1e999 are written raw). */
  modelJson: string;
  files: Record<string, CaseFile>;
}

/** One line describing a case (how to rebuild it and what was mutated). */
export function describeCase(c: MutatedCase): string {
  return `case ${c.index} (run seed ${c.runSeed}) of '${c.seed}': ${c.mutations.map((m) => `[${m.kind}] ${m.desc}`).join('; ')}`;
}

/** Loads a saved model folder (model.json and every file its manifest names). */
export function loadSeed(name: string, dir: string): SeedModel {
  const json = JSON.parse(fs.readFileSync(path.join(dir, 'model.json'), 'utf8')) as Json;
  const files: Record<string, Uint8Array> = {};
  for (const g of (json.weightsManifest as Array<{ paths: string[] }>) ?? []) {
    for (const p of g.paths) files[p] = new Uint8Array(fs.readFileSync(path.join(dir, p)));
  }
  return { name, json, files };
}

/** Writes a case as `dir/model.json` plus its shard files (the folder must be new or empty). */
export function writeCase(c: MutatedCase, dir: string): void {
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'model.json'), c.modelJson);
  for (const [rel, f] of Object.entries(c.files)) {
    if (f === null) continue;
    // Only plain names inside the folder are written (mutated manifest paths may point anywhere; those
    // files are not created).
    if (rel.includes('/') || rel.includes('\\') || rel === '' || rel === '.' || rel === '..' || rel === 'model.json') continue;
    const p = path.join(dir, rel);
    if (f === 'dir') fs.mkdirSync(p, { recursive: true });
    else fs.writeFileSync(p, f);
  }
}

// -------------------------------------------------------------------------------------------------------------
// random helpers

class Rand {
  private readonly next: () => number;
  constructor(seed: number) {
    this.next = mulberry32(seed);
  }
  float(): number {
    return this.next();
  }
  int(n: number): number {
    return Math.floor(this.next() * n);
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  pick<T>(xs: readonly T[]): T {
    return xs[this.int(xs.length)];
  }
  /** Index by relative weights. */
  weighted(ws: readonly number[]): number {
    let r = this.next() * ws.reduce((a, b) => a + b, 0);
    for (let i = 0; i < ws.length; i++) {
      if (r < ws[i]) return i;
      r -= ws[i];
    }
    return ws.length - 1;
  }
}

/** A number written verbatim into model.json (JSON.stringify cannot write 1e999 or -0). */
class Raw {
  constructor(readonly text: string) {}
  toString(): string {
    return this.text;
  }
}

function show(v: unknown): string {
  if (v instanceof Raw) return v.text;
  if (v === undefined) return 'undefined';
  const s = JSON.stringify(v, (_k, x: unknown) => (x instanceof Raw ? `#${x.text}` : x));
  return s.length > 80 ? `${s.slice(0, 77)}...` : s;
}

/** JSON text with Raw values written verbatim. */
function stringify(v: unknown): string {
  const raws: string[] = [];
  const text = JSON.stringify(v, (_k, x: unknown) => {
    if (x instanceof Raw) {
      raws.push(x.text);
      return `\u0000raw${raws.length - 1}\u0000`;
    }
    return x;
  });
  // JSON.stringify escapes U+0000 as \u0000.
  return text.replace(/"\\u0000raw(\d+)\\u0000"/g, (_m, i: string) => raws[Number(i)]);
}

function isObj(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Raw);
}

// -------------------------------------------------------------------------------------------------------------
// value pools

const TWO31 = 2 ** 31;
/** Well-typed but out-of-range numbers. */
const NUMBERS: unknown[] = [
  0, -1, -2, 1, 2, 3, 5, 7, 0.5, 1.5, 2.5, 1e-30, -1e-30, TWO31, TWO31 - 1, 2 ** 32, 2 ** 53, -TWO31, 1e308, -1e308,
  new Raw('1e999'), new Raw('-1e999'), new Raw('-0'),
];
/** Values of the wrong type for most fields. */
const ODD: unknown[] = [
  'NaN', 'Infinity', '-Infinity', 'nan', '2', '1.5', '', 'abc', 'same', 'relu', null, true, false, [], {}, { a: 1 },
  [null], ['2'], [[1]], ['NaN', 1], [1, null], [true], { class_name: 'x', config: {} }, [1, 2, 3], [2, 2, 2, 2],
];

const SUPPORTED_CLASSES = [
  'Conv2D', 'Conv1D', 'DepthwiseConv2D', 'SeparableConv2D', 'Dense', 'MaxPooling2D', 'AveragePooling2D', 'MaxPooling1D',
  'AveragePooling1D', 'GlobalAveragePooling2D', 'GlobalMaxPooling2D', 'GlobalAveragePooling1D', 'GlobalMaxPooling1D',
  'Flatten', 'Reshape', 'Permute', 'ZeroPadding2D', 'Cropping2D', 'UpSampling2D', 'Dropout', 'SpatialDropout2D',
  'GaussianNoise', 'BatchNormalization', 'Activation', 'ReLU', 'LeakyReLU', 'ELU', 'PReLU', 'Softmax', 'Add',
  'Subtract', 'Multiply', 'Maximum', 'Minimum', 'Average', 'Concatenate', 'InputLayer',
];
const OTHER_CLASSES: unknown[] = [
  'LSTM', 'Conv3D', 'Conv2DTranspose', 'Lambda', 'Embedding', 'LayerNormalization', 'Bidirectional', 'TimeDistributed',
  'Sequential', 'Model', 'Functional', 'dense', '', '__proto__', 'constructor', 'toString', 42, null, ['Dense'], { a: 1 },
];

/** Keys a layer may be given although the seed does not have them. */
const EXTRA_KEYS = [
  'filters', 'kernel_size', 'strides', 'padding', 'dilation_rate', 'activation', 'use_bias', 'units', 'pool_size',
  'depth_multiplier', 'axis', 'epsilon', 'center', 'scale', 'target_shape', 'dims', 'size', 'cropping', 'interpolation',
  'data_format', 'max_value', 'alpha', 'negative_slope', 'threshold', 'shared_axes', 'keepdims', 'groups', 'name',
  'batch_input_shape', 'batch_shape', 'dtype',
];

/** Keys whose value is a name or bookkeeping rather than an attribute of the computation. */
const NON_ATTRIBUTE_KEYS = new Set(['name', 'trainable', 'dtype', 'batch_input_shape', 'batch_shape', 'batchInputShape']);

function isNumArray(v: unknown): v is number[] {
  return Array.isArray(v) && v.length > 0 && v.every((x) => typeof x === 'number');
}

/** A replacement for `old`: a perturbation of it, a well-typed out-of-range number, or a value of another type. */
function newValue(r: Rand, old: unknown, allowNumeric: boolean): unknown {
  const numeric = typeof old === 'number' || isNumArray(old);
  const mode = numeric && allowNumeric ? r.int(3) : 2;
  if (mode === 0 && typeof old === 'number') {
    return r.pick([old + 1, old - 1, old * 2, -old, old / 2, old + 0.5, 0, old * 1e6]);
  }
  if (mode <= 1 && isNumArray(old)) {
    const out: unknown[] = [...old];
    out[r.int(out.length)] = mode === 0 ? r.pick([0, -1, 1, 2, 1.5, TWO31, 1e-30]) : r.pick(NUMBERS);
    return out;
  }
  if (mode === 1 && typeof old === 'number') return r.pick(NUMBERS);
  // Wrong types, wrong lengths.
  const k = r.int(5);
  if (k === 0 && Array.isArray(old) && old.length > 0) return old.slice(0, old.length - 1);
  if (k === 1 && Array.isArray(old)) return [...old, old[0] ?? 1];
  if (k === 2 && Array.isArray(old) && old.length > 0) {
    const out: unknown[] = [...old];
    out[r.int(out.length)] = r.pick(ODD);
    return out;
  }
  if (k === 3 && numeric && allowNumeric) return r.pick(NUMBERS);
  return r.pick(ODD);
}

/** True when `v` is a well-typed replacement for a numeric `old` (a number for a number, numbers of the same count). */
function isWellTypedNumber(old: unknown, v: unknown): boolean {
  const num = (x: unknown): boolean => typeof x === 'number' || x instanceof Raw;
  if (typeof old === 'number') return num(v);
  // An int stands for a pair (kernel_size: 3 means [3, 3]).
  if (isNumArray(old)) return num(v) || (Array.isArray(v) && v.length === old.length && v.every(num));
  return false;
}

// -------------------------------------------------------------------------------------------------------------
// model.json structure

interface ModelView {
  /** The {class_name, config} model object. */
  model: Json;
  /** The layer list (a live array inside `model`). */
  layers: unknown[];
  functional: boolean;
}

function view(json: Json): ModelView | undefined {
  let t = json.modelTopology;
  if (isObj(t) && isObj(t.model_config)) t = t.model_config;
  if (!isObj(t)) return undefined;
  const cfg = t.config;
  const layers = Array.isArray(cfg) ? cfg : isObj(cfg) && Array.isArray(cfg.layers) ? cfg.layers : undefined;
  if (!layers) return undefined;
  return { model: t, layers, functional: t.class_name !== 'Sequential' };
}

function layerName(l: unknown): string {
  if (!isObj(l)) return '?';
  const c = l.config;
  return isObj(c) && typeof c.name === 'string' ? c.name : typeof l.name === 'string' ? l.name : '?';
}

function layerConfig(l: unknown): Json | undefined {
  return isObj(l) && isObj(l.config) ? l.config : undefined;
}

/** All [layer, node, index] references in a layer's inbound_nodes (TF.js / Keras 2 list form). */
function inboundRefs(l: Json): unknown[][] {
  const out: unknown[][] = [];
  if (!Array.isArray(l.inbound_nodes)) return out;
  for (const node of l.inbound_nodes) if (Array.isArray(node)) for (const ref of node) if (Array.isArray(ref)) out.push(ref);
  return out;
}

type Mutator = (r: Rand, json: Json, files: Record<string, CaseFile>, allowValueRange: boolean) => Mutation | undefined;

// -------------------------------------------------------------------------------------------------------------
// topology mutations

const configSet: Mutator = (r, json, _f, allowValueRange) => {
  const v = view(json);
  if (!v) return undefined;
  const li = r.int(v.layers.length);
  const cfg = layerConfig(v.layers[li]);
  if (!cfg) return undefined;
  const own = Object.keys(cfg).filter((k) => k !== 'name');
  const key = own.length > 0 && r.chance(0.85) ? r.pick(own) : r.pick(EXTRA_KEYS);
  const old = cfg[key];
  const attr = !NON_ATTRIBUTE_KEYS.has(key);
  const nv = newValue(r, old, attr && allowValueRange);
  const valueRange = attr && isWellTypedNumber(old, nv);
  if (valueRange && !allowValueRange) return undefined;
  cfg[key] = nv;
  return { kind: 'topology.config.set', desc: `layer '${layerName(v.layers[li])}' ${key}: ${show(old)} -> ${show(nv)}`, valueRange };
};

const configRemove: Mutator = (r, json) => {
  const v = view(json);
  if (!v) return undefined;
  const li = r.int(v.layers.length);
  const cfg = layerConfig(v.layers[li]);
  if (!cfg) return undefined;
  const keys = Object.keys(cfg);
  if (keys.length === 0) return undefined;
  const key = r.pick(keys);
  delete cfg[key];
  return { kind: 'topology.config.remove', desc: `layer '${layerName(v.layers[li])}' config key '${key}' removed` };
};

const classSwap: Mutator = (r, json) => {
  const v = view(json);
  if (!v) return undefined;
  const li = r.int(v.layers.length);
  const l = v.layers[li];
  if (!isObj(l)) return undefined;
  const old = l.class_name;
  const nv = r.chance(0.7) ? r.pick(SUPPORTED_CLASSES) : r.pick(OTHER_CLASSES);
  l.class_name = nv;
  return { kind: 'topology.class', desc: `layer '${layerName(l)}' class_name ${show(old)} -> ${show(nv)}` };
};

const inbound: Mutator = (r, json) => {
  const v = view(json);
  if (!v) return undefined;
  const names = v.layers.map(layerName);
  if (!v.functional) {
    // Sequential: the order of the list is the wiring.
    if (v.layers.length < 2) return undefined;
    const i = r.int(v.layers.length);
    let j = r.int(v.layers.length - 1);
    if (j >= i) j++;
    const what = r.int(3);
    if (what === 0) {
      [v.layers[i], v.layers[j]] = [v.layers[j], v.layers[i]];
      return { kind: 'topology.sequential.swap', desc: `layers '${names[i]}' and '${names[j]}' swapped` };
    }
    if (what === 1) {
      v.layers.splice(i, 1);
      return { kind: 'topology.sequential.drop', desc: `layer '${names[i]}' removed` };
    }
    v.layers.splice(j, 0, structuredClone(v.layers[i]));
    return { kind: 'topology.sequential.duplicate', desc: `layer '${names[i]}' duplicated at position ${j}` };
  }
  const candidates = v.layers.map((l, i) => i).filter((i) => isObj(v.layers[i]) && Array.isArray((v.layers[i] as Json).inbound_nodes) && ((v.layers[i] as Json).inbound_nodes as unknown[]).length > 0);
  if (candidates.length === 0) return undefined;
  const li = r.pick(candidates);
  const l = v.layers[li] as Json;
  const nodes = l.inbound_nodes as unknown[];
  const refs = inboundRefs(l);
  const who = `layer '${names[li]}'`;
  switch (r.int(9)) {
    case 0: {
      if (refs.length === 0) return undefined;
      const ref = r.pick(refs);
      const old = ref[0];
      ref[0] = r.pick(names);
      return { kind: 'topology.inbound.rewire', desc: `${who} input ${show(old)} -> ${show(ref[0])}` };
    }
    case 1: {
      if (refs.length === 0) return undefined;
      const ref = r.pick(refs);
      const old = ref[0];
      ref[0] = r.pick(['nope', '', names[li], 42, null]);
      return { kind: 'topology.inbound.dangling', desc: `${who} input ${show(old)} -> ${show(ref[0])}` };
    }
    case 2: {
      if (refs.length === 0) return undefined;
      const ref = r.pick(refs);
      const pos = r.chance(0.5) ? 1 : 2;
      const old = ref[pos];
      ref[pos] = r.pick([1, 2, -1, 0.5, TWO31, 'x', null, [0]]);
      return { kind: 'topology.inbound.index', desc: `${who} input ${show(ref[0])} ${pos === 1 ? 'node' : 'tensor'} index ${show(old)} -> ${show(ref[pos])}` };
    }
    case 3: {
      const node = r.pick(nodes);
      if (!Array.isArray(node) || node.length === 0) return undefined;
      const k = r.int(node.length);
      node.splice(k, 1);
      return { kind: 'topology.inbound.drop', desc: `${who} input ${k} of a call removed (${node.length} left)` };
    }
    case 4: {
      const node = r.pick(nodes);
      if (!Array.isArray(node) || node.length === 0) return undefined;
      node.push(structuredClone(r.pick(refs.length > 0 ? refs : [node[0]])));
      return { kind: 'topology.inbound.add', desc: `${who} call given an extra input (${node.length} now)` };
    }
    case 5:
      nodes.push(structuredClone(nodes[0]));
      return { kind: 'topology.inbound.call', desc: `${who} called once more (${nodes.length} calls)` };
    case 6: {
      const nv = r.pick([[], [[]], null, 'x', [[['nope', 0, 0, {}]]], [{}], [5]]);
      l.inbound_nodes = nv;
      return { kind: 'topology.inbound.replace', desc: `${who} inbound_nodes -> ${show(nv)}` };
    }
    case 7:
      delete l.inbound_nodes;
      return { kind: 'topology.inbound.remove', desc: `${who} inbound_nodes removed` };
    default: {
      const ref = refs.length > 0 ? r.pick(refs) : undefined;
      if (!ref) return undefined;
      ref.length = r.int(2);
      return { kind: 'topology.inbound.short', desc: `${who} an input reference shortened to ${show(ref)}` };
    }
  }
};

const modelIo: Mutator = (r, json) => {
  const v = view(json);
  if (!v || !v.functional || !isObj(v.model.config)) return undefined;
  const cfg = v.model.config;
  const key = r.chance(0.5) ? 'input_layers' : 'output_layers';
  const old = cfg[key];
  const names = v.layers.map(layerName);
  let nv: unknown;
  switch (r.int(6)) {
    case 0:
      nv = [[r.pick(names), 0, 0]];
      break;
    case 1:
      nv = Array.isArray(old) ? [...old, ...old] : [];
      break;
    case 2:
      nv = [[r.pick(names), r.pick([1, -1, 'x', null]), 0]];
      break;
    case 3:
      nv = r.pick([[], null, 'x', {}, [['nope', 0, 0]], [[]], [r.pick(names), 0, 0]]);
      break;
    case 4:
      nv = Array.isArray(old) && old.length > 1 ? old.slice(1) : [[r.pick(names), 0, 1]];
      break;
    default:
      delete cfg[key];
      return { kind: 'topology.model.io', desc: `model ${key} removed` };
  }
  cfg[key] = nv;
  return { kind: 'topology.model.io', desc: `model ${key}: ${show(old)} -> ${show(nv)}` };
};

const inputShape: Mutator = (r, json, _files, allowValueRange) => {
  const v = view(json);
  if (!v) return undefined;
  const withShape = v.layers
    .map((l, i) => ({ i, cfg: layerConfig(l) }))
    .filter((x) => x.cfg && Array.isArray(x.cfg.batch_input_shape ?? x.cfg.batch_shape));
  if (withShape.length === 0) return undefined;
  const { i, cfg } = r.pick(withShape);
  const key = Array.isArray(cfg!.batch_input_shape) ? 'batch_input_shape' : 'batch_shape';
  const old = cfg![key] as unknown[];
  let nv: unknown;
  const dims = old.slice(1) as number[];
  switch (r.int(7)) {
    case 0: {
      // A plausible different size (the model may still convert).
      const d = [...dims];
      const k = r.int(d.length);
      d[k] = Math.max(1, r.pick([d[k] + 1, d[k] - 1, d[k] * 2, Math.ceil(d[k] / 2), 1, d[k] + 3]));
      nv = [null, ...d];
      break;
    }
    case 1: {
      const d: unknown[] = [...dims];
      const k = r.int(d.length);
      d[k] = r.pick([0, -1, 2.5, 1e-30, TWO31, 2 ** 53, 'NaN', '3', null, true, new Raw('1e999')]);
      // A well-formed but huge dimension: tensor sizes beyond int32 are for the central size checks.
      if (d[k] === TWO31 || d[k] === 2 ** 53) {
        if (!allowValueRange) return undefined;
        cfg![key] = [null, ...d];
        return { kind: 'topology.input_shape', desc: `layer '${layerName(v.layers[i])}' ${key}: ${show(old)} -> ${show(cfg![key])}`, valueRange: true };
      }
      nv = [null, ...d];
      break;
    }
    case 2:
      nv = [null, ...dims, r.pick([1, 2, 3])];
      break;
    case 3:
      nv = [null, ...dims.slice(0, -1)];
      break;
    case 4:
      nv = dims;
      break;
    case 5:
      nv = r.pick([null, 'x', [], [null], {}, 5]);
      break;
    default:
      nv = [r.pick([1, 2, 'x']), ...dims];
      break;
  }
  cfg![key] = nv;
  return { kind: 'topology.input_shape', desc: `layer '${layerName(v.layers[i])}' ${key}: ${show(old)} -> ${show(nv)}` };
};

const layerEntry: Mutator = (r, json) => {
  const v = view(json);
  if (!v) return undefined;
  const li = r.int(v.layers.length);
  const l = v.layers[li];
  const names = v.layers.map(layerName);
  const who = `layer '${names[li]}'`;
  switch (r.int(5)) {
    case 0: {
      const cfg = layerConfig(l);
      if (!cfg) return undefined;
      const nv = r.pick([...names.filter((n) => n !== names[li]), '', 'x/y', 'a b', 42, null]);
      cfg.name = nv;
      return { kind: 'topology.layer.rename', desc: `${who} renamed to ${show(nv)}` };
    }
    case 1: {
      if (!isObj(l)) return undefined;
      const nv = r.pick([null, [], 'x', 5]);
      l.config = nv;
      return { kind: 'topology.layer.config', desc: `${who} config -> ${show(nv)}` };
    }
    case 2: {
      const nv = r.pick([null, 5, 'Dense', [], {}]);
      v.layers[li] = nv;
      return { kind: 'topology.layer.replace', desc: `${who} replaced by ${show(nv)}` };
    }
    case 3:
      v.layers.splice(li, 1);
      return { kind: 'topology.layer.remove', desc: `${who} removed from the layer list` };
    default: {
      const j = r.int(v.layers.length);
      [v.layers[li], v.layers[j]] = [v.layers[j], v.layers[li]];
      return { kind: 'topology.layer.order', desc: `${who} and '${names[j]}' swapped in the layer list` };
    }
  }
};

const modelLevel: Mutator = (r, json) => {
  const v = view(json);
  switch (r.int(6)) {
    case 0: {
      if (!v) return undefined;
      const old = v.model.class_name;
      v.model.class_name = r.pick(['Sequential', 'Model', 'Functional', 'Graph', '', 5, null]);
      return { kind: 'topology.model.class', desc: `model class_name ${show(old)} -> ${show(v.model.class_name)}` };
    }
    case 1: {
      if (!v) return undefined;
      const nv = r.pick([null, 'x', [], {}, { layers: 'x' }, { layers: [] }, { name: 'm' }]);
      v.model.config = nv;
      return { kind: 'topology.model.config', desc: `model config -> ${show(nv)}` };
    }
    case 2: {
      const nv = r.pick([null, 'x', [], {}, 5]);
      json.modelTopology = nv;
      return { kind: 'topology.model.topology', desc: `modelTopology -> ${show(nv)}` };
    }
    case 3: {
      const nv = r.pick(['graph-model', 'layers-model', null, 5]);
      json.format = nv;
      return { kind: 'topology.model.format', desc: `format -> ${show(nv)}` };
    }
    case 4: {
      if (!v || !isObj(v.model.config)) return undefined;
      const nv = r.pick(['', 'a b', '*/', null, 5, 'x'.repeat(300)]);
      v.model.config.name = nv;
      return { kind: 'topology.model.name', desc: `model name -> ${show(nv)}` };
    }
    default: {
      if (!v) return undefined;
      const names = v.layers.map(layerName);
      const k = r.int(v.layers.length);
      const cfg = layerConfig(v.layers[k]);
      if (!cfg) return undefined;
      cfg.name = names[(k + 1) % names.length];
      return { kind: 'topology.layer.duplicate_name', desc: `layer '${names[k]}' renamed to '${cfg.name}'` };
    }
  }
};

// -------------------------------------------------------------------------------------------------------------
// manifest mutations

interface Entry {
  group: Json;
  gi: number;
  list: unknown[];
  wi: number;
  entry: Json;
}

function manifestGroups(json: Json): Json[] {
  return Array.isArray(json.weightsManifest) ? (json.weightsManifest.filter(isObj) as Json[]) : [];
}

function entries(json: Json): Entry[] {
  const out: Entry[] = [];
  manifestGroups(json).forEach((group, gi) => {
    const list = group.weights;
    if (Array.isArray(list)) list.forEach((entry, wi) => isObj(entry) && out.push({ group, gi, list, wi, entry }));
  });
  return out;
}

const manifestEntry: Mutator = (r, json) => {
  const es = entries(json);
  if (es.length === 0) return undefined;
  const e = r.pick(es);
  const who = `weight ${show(e.entry.name)}`;
  switch (r.int(4)) {
    case 0: {
      const old = e.entry.shape;
      const s = Array.isArray(old) ? [...old] : [];
      let nv: unknown;
      switch (r.int(5)) {
        case 0:
          if (s.length === 0) return undefined;
          s[r.int(s.length)] = r.pick([0, -1, 1, 2, 2.5, 1e-30, TWO31, 2 ** 53, 'NaN', '3', null, new Raw('1e999'), (s[0] as number) + 1]);
          nv = s;
          break;
        case 1:
          nv = [...s, 1];
          break;
        case 2:
          nv = s.slice(1);
          break;
        case 3:
          nv = [...s].reverse();
          break;
        default:
          nv = r.pick([null, 'x', {}, 5, [[1]]]);
      }
      e.entry.shape = nv;
      return { kind: 'manifest.shape', desc: `${who} shape ${show(old)} -> ${show(nv)}` };
    }
    case 1: {
      const old = e.entry.dtype;
      e.entry.dtype = r.pick(['float16', 'int32', 'bool', 'string', 'complex64', 'uint8', 'int8', 'FLOAT32', null, 5, {}]);
      if (r.chance(0.1)) delete e.entry.dtype;
      return { kind: 'manifest.dtype', desc: `${who} dtype ${show(old)} -> ${show(e.entry.dtype)}` };
    }
    case 2: {
      const old = e.entry.name;
      const others = es.map((x) => x.entry.name).filter((n) => n !== old);
      const s = typeof old === 'string' ? old : 'w';
      const nv = r.pick([
        ...(others.length > 0 ? [r.pick(others)] : []), 'x', '', 5, null, `scope/${s}`, `${s}:0`, s.slice(s.indexOf('/') + 1),
        s.toUpperCase(), `${s}/extra`,
      ]);
      e.entry.name = nv;
      return { kind: 'manifest.name', desc: `${who} renamed to ${show(nv)}` };
    }
    default: {
      const q = e.entry.quantization;
      let nv: unknown;
      if (!isObj(q) || r.chance(0.3)) {
        nv = r.chance(0.7)
          ? { dtype: r.pick(['uint8', 'uint16', 'float16', 'int8', 'float32', 5, null]), scale: r.pick([0.01, 1, 0, -1]), min: r.pick([0, -1, 0.5]) }
          : r.pick([null, 'uint8', [], 5, {}]);
      } else {
        const c = { ...q };
        const field = r.pick(['dtype', 'scale', 'min', 'original_dtype']);
        c[field] = field === 'dtype'
          ? r.pick(['uint8', 'uint16', 'float16', 'int8', 'float32', 5, null])
          : r.pick([0, -1, 1e-30, 1e38, -1e38, 'abc', '0.1', null, true, [1], new Raw('1e999'), new Raw('-1e999')]);
        if (r.chance(0.1)) delete c[field];
        nv = c;
      }
      e.entry.quantization = nv;
      return { kind: 'manifest.quantization', desc: `${who} quantization ${show(q)} -> ${show(nv)}` };
    }
  }
};

const manifestLayout: Mutator = (r, json) => {
  const groups = manifestGroups(json);
  const es = entries(json);
  switch (r.int(8)) {
    case 0: {
      // Swap two entries of a group: every weight between them moves to other byte offsets.
      const multi = groups.filter((g) => Array.isArray(g.weights) && g.weights.length >= 2);
      if (multi.length === 0) return undefined;
      const g = r.pick(multi);
      const w = g.weights as unknown[];
      const i = r.int(w.length);
      let j = r.int(w.length - 1);
      if (j >= i) j++;
      [w[i], w[j]] = [w[j], w[i]];
      return { kind: 'manifest.order', desc: `entries ${i} and ${j} of a group swapped (byte offsets move)` };
    }
    case 1: {
      if (es.length === 0) return undefined;
      const e = r.pick(es);
      e.list.splice(e.wi, 1);
      return { kind: 'manifest.remove', desc: `entry ${show(e.entry.name)} removed from the manifest` };
    }
    case 2: {
      if (es.length === 0) return undefined;
      const e = r.pick(es);
      e.list.splice(r.int(e.list.length + 1), 0, structuredClone(e.entry));
      return { kind: 'manifest.duplicate', desc: `entry ${show(e.entry.name)} duplicated` };
    }
    case 3: {
      if (es.length === 0) return undefined;
      const e = r.pick(es);
      const nv = r.pick([null, 5, 'x', {}, { name: 'x' }, { name: 'x', shape: [2], dtype: 'float32' }, { name: 'y', shape: [], dtype: 'float32' }]);
      e.list.splice(r.int(e.list.length + 1), 0, nv);
      return { kind: 'manifest.insert', desc: `entry ${show(nv)} inserted` };
    }
    case 4: {
      if (groups.length === 0) return undefined;
      const g = r.pick(groups);
      const old = g.paths;
      const paths = Array.isArray(old) ? [...old] : [];
      let nv: unknown;
      switch (r.int(6)) {
        case 0:
          paths.push(r.pick(['missing.bin', '', '.', '..', '%zz', '%2e%2e', '../model.json', 'model.json', '/dev/null', 'sub/x.bin']));
          nv = paths;
          break;
        case 1:
          if (paths.length === 0) return undefined;
          paths[r.int(paths.length)] = r.pick(['missing.bin', '', '.', '..', '%zz', 'model.json', '/dev/null', 5, null, {}]);
          nv = paths;
          break;
        case 2:
          nv = [...paths].reverse();
          break;
        case 3:
          nv = paths.slice(1);
          break;
        case 4:
          nv = [...paths, ...paths];
          break;
        default:
          nv = r.pick([null, 'x.bin', 5, {}]);
      }
      g.paths = nv;
      return { kind: 'manifest.paths', desc: `group paths ${show(old)} -> ${show(nv)}` };
    }
    case 5: {
      const nv = r.pick([null, {}, 'x', 5, [], [null], [{}], [{ paths: [], weights: [] }], [{ paths: 'x', weights: [] }]]);
      json.weightsManifest = nv;
      return { kind: 'manifest.replace', desc: `weightsManifest -> ${show(nv)}` };
    }
    case 6: {
      if (groups.length < 1) return undefined;
      const g = r.pick(groups);
      const nv = r.pick([null, 'x', {}, [null], 5]);
      const field = r.chance(0.5) ? 'weights' : 'paths';
      g[field] = nv;
      return { kind: 'manifest.group', desc: `a group's ${field} -> ${show(nv)}` };
    }
    default: {
      // Move an entry to another group (or drop a whole group).
      if (groups.length >= 2 && es.length > 0 && r.chance(0.6)) {
        const e = r.pick(es);
        const other = r.pick(groups.filter((g) => g !== e.group));
        if (!Array.isArray(other.weights)) return undefined;
        e.list.splice(e.wi, 1);
        other.weights.push(e.entry);
        return { kind: 'manifest.move', desc: `entry ${show(e.entry.name)} moved to another group` };
      }
      if (!Array.isArray(json.weightsManifest) || json.weightsManifest.length === 0) return undefined;
      const gi = r.int(json.weightsManifest.length);
      json.weightsManifest.splice(gi, 1);
      return { kind: 'manifest.drop_group', desc: `group ${gi + 1} removed` };
    }
  }
};

// -------------------------------------------------------------------------------------------------------------
// byte mutations

function f32Bytes(v: number): Uint8Array {
  const b = new Uint8Array(4);
  new DataView(b.buffer).setFloat32(0, v, true);
  return b;
}

const bytes: Mutator = (r, _json, files) => {
  const names = Object.keys(files).filter((k) => files[k] instanceof Uint8Array);
  if (names.length === 0) return undefined;
  const name = r.pick(names);
  const buf = (files[name] as Uint8Array).slice();
  const len = buf.length;
  switch (r.int(8)) {
    case 0: {
      const n = r.pick([0, len - 1, len - 4, r.int(len)]);
      const cut = Math.max(0, n);
      files[name] = buf.slice(0, cut);
      return { kind: 'bytes.truncate', desc: `${name} truncated from ${len} to ${cut} bytes` };
    }
    case 1: {
      const extra = 1 + r.int(16);
      const out = new Uint8Array(len + extra);
      out.set(buf);
      for (let i = len; i < out.length; i++) out[i] = r.int(256);
      files[name] = out;
      return { kind: 'bytes.extend', desc: `${name} extended by ${extra} bytes` };
    }
    case 2:
    case 3: {
      if (len < 4) return undefined;
      const v = r.pick([NaN, Infinity, -Infinity, 3.4e38, -3.4e38, 1e-45, -0, 1e30, 1e-40]);
      const at = 4 * r.int(Math.floor(len / 4));
      buf.set(f32Bytes(v), at);
      files[name] = buf;
      return { kind: 'bytes.float', desc: `${name} float32 at byte ${at} set to ${v}` };
    }
    case 4: {
      if (len === 0) return undefined;
      const k = 1 + r.int(16);
      for (let i = 0; i < k; i++) buf[r.int(len)] = r.int(256);
      files[name] = buf;
      return { kind: 'bytes.random', desc: `${name}: ${k} random bytes written` };
    }
    case 5: {
      if (len === 0) return undefined;
      const at = r.int(len);
      const n = Math.min(len - at, 1 + r.int(256));
      for (let i = at; i < at + n; i++) buf[i] = r.int(256);
      files[name] = buf;
      return { kind: 'bytes.span', desc: `${name}: random span of ${n} bytes at ${at}` };
    }
    case 6:
      files[name] = null;
      return { kind: 'bytes.delete', desc: `${name} deleted` };
    default:
      files[name] = 'dir';
      return { kind: 'bytes.folder', desc: `${name} replaced by a folder` };
  }
};

// -------------------------------------------------------------------------------------------------------------

const MUTATORS: Array<{ weight: number; run: Mutator }> = [
  { weight: 30, run: configSet },
  { weight: 4, run: configRemove },
  { weight: 6, run: classSwap },
  { weight: 9, run: inbound },
  { weight: 3, run: modelIo },
  { weight: 7, run: inputShape },
  { weight: 3, run: layerEntry },
  { weight: 2, run: modelLevel },
  { weight: 12, run: manifestEntry },
  { weight: 7, run: manifestLayout },
  { weight: 17, run: bytes },
];

/**
 * Case `index` of run `runSeed`: a seed (uniform, or by `seedWeights`) with one (75%), two or three mutations.
 */
export function mutateCase(seeds: SeedModel[], runSeed: number, index: number, seedWeights?: number[]): MutatedCase {
  const r = new Rand((Math.imul(runSeed, 0x9e3779b1) ^ Math.imul(index + 1, 0x85ebca6b)) >>> 0);
  const seed = seeds[seedWeights ? r.weighted(seedWeights) : r.int(seeds.length)];
  const json = structuredClone(seed.json);
  const files: Record<string, CaseFile> = { ...seed.files };
  const count = 1 + r.weighted([75, 18, 7]);
  const mutations: Mutation[] = [];
  for (let attempt = 0; mutations.length < count && attempt < 50; attempt++) {
    const m = MUTATORS[r.weighted(MUTATORS.map((x) => x.weight))].run(r, json, files, count === 1);
    if (m) mutations.push(m);
  }
  return { runSeed, index, seed: seed.name, mutations, modelJson: stringify(json), files };
}
