import { TinyfitError } from '../errors';

/** A reference to the `index`-th output of call `node` of layer `layer` (Keras' keras_history). */
export interface TensorRef {
  layer: string;
  node: number;
  index: number;
}

/** A layer of the model with the inputs of each of its calls (a layer called twice is reused). */
export interface LayerSpec {
  className: string;
  name: string;
  config: Record<string, unknown>;
  /** Inputs of each call of the layer; InputLayer has one call with no inputs. */
  calls: TensorRef[][];
}

/** A model topology normalised to functional form. */
export interface Topology {
  name: string;
  layers: LayerSpec[];
  inputs: TensorRef[];
  outputs: TensorRef[];
}

type Json = Record<string, unknown>;

function isObj(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Finds every keras_history-style reference inside a Keras 3 call's args. */
function collectKeras3Refs(v: unknown, out: TensorRef[]): void {
  if (Array.isArray(v)) {
    for (const x of v) collectKeras3Refs(x, out);
  } else if (isObj(v)) {
    const cfg = v.config;
    if (v.class_name === '__keras_tensor__' && isObj(cfg) && Array.isArray(cfg.keras_history)) {
      const [layer, node, index] = cfg.keras_history as [string, number, number];
      out.push({ layer, node, index });
    } else {
      for (const x of Object.values(v)) collectKeras3Refs(x, out);
    }
  }
}

/** Parses one entry of inbound_nodes (Keras 2 / TF.js list form, or Keras 3 {args, kwargs} form). */
function parseCall(node: unknown, where: string): TensorRef[] {
  if (isObj(node)) {
    const refs: TensorRef[] = [];
    collectKeras3Refs(node.args, refs);
    return refs;
  }
  if (!Array.isArray(node)) throw new TinyfitError(`${where}: malformed inbound_nodes entry`);
  return node.map((r) => {
    if (!Array.isArray(r) || typeof r[0] !== 'string') throw new TinyfitError(`${where}: malformed inbound node reference`);
    return { layer: r[0], node: Number(r[1] ?? 0), index: Number(r[2] ?? 0) };
  });
}

function parseRefList(v: unknown, where: string): TensorRef[] {
  if (!Array.isArray(v)) throw new TinyfitError(`${where}: missing input_layers/output_layers`);
  // A single output may be written as ["name", 0, 0] rather than [["name", 0, 0]].
  const list = typeof v[0] === 'string' ? [v] : v;
  return list.map((r) => {
    if (!Array.isArray(r) || typeof r[0] !== 'string') throw new TinyfitError(`${where}: malformed layer reference`);
    return { layer: r[0], node: Number(r[1] ?? 0), index: Number(r[2] ?? 0) };
  });
}

function layerOf(raw: unknown, where: string): { className: string; name: string; config: Json; raw: Json } {
  if (!isObj(raw) || typeof raw.class_name !== 'string') throw new TinyfitError(`${where}: a layer has no class_name`);
  const config = isObj(raw.config) ? raw.config : {};
  const name = typeof config.name === 'string' ? config.name : typeof raw.name === 'string' ? raw.name : '';
  if (!name) throw new TinyfitError(`${where}: a ${raw.class_name} layer has no name`);
  return { className: raw.class_name, name, config, raw };
}

function inputShapeOf(config: Json): unknown {
  return config.batch_input_shape ?? config.batch_shape ?? config.batchInputShape;
}

/**
 * Normalises a Keras/TF.js model topology (Sequential or Functional/Model, Keras 2, Keras 3 or TF.js
 * spelling) into functional form.
 */
export function parseTopology(topology: unknown, where: string): Topology {
  let t: unknown = topology;
  // Keras-converted files nest the model under model_config.
  if (isObj(t) && isObj(t.model_config)) t = t.model_config;
  if (!isObj(t) || typeof t.class_name !== 'string') throw new TinyfitError(`${where}: modelTopology has no class_name`);
  const cls = t.class_name;
  if (cls === 'Sequential') return parseSequential(t, where);
  if (cls === 'Model' || cls === 'Functional') return parseFunctional(t, where);
  throw new TinyfitError(`${where}: unsupported model class '${cls}' (expected Sequential, Model or Functional)`);
}

function parseSequential(t: Json, where: string): Topology {
  const cfg = t.config;
  const rawLayers = Array.isArray(cfg) ? cfg : isObj(cfg) && Array.isArray(cfg.layers) ? cfg.layers : undefined;
  if (!rawLayers || rawLayers.length === 0) throw new TinyfitError(`${where}: Sequential model has no layers`);
  const name = isObj(cfg) && typeof cfg.name === 'string' ? cfg.name : 'sequential';
  const layers: LayerSpec[] = [];
  let prev: TensorRef | undefined;
  let input: TensorRef | undefined;
  rawLayers.forEach((raw: unknown, i: number) => {
    const l = layerOf(raw, where);
    if (l.className === 'InputLayer') {
      layers.push({ className: l.className, name: l.name, config: l.config, calls: [[]] });
      prev = input = { layer: l.name, node: 0, index: 0 };
      return;
    }
    if (i === 0 || !prev) {
      const shape = inputShapeOf(l.config);
      if (!shape) throw new TinyfitError(`${where}: first layer '${l.name}' has no batch_input_shape`);
      const inName = `${l.name}_input`;
      layers.push({ className: 'InputLayer', name: inName, config: { batch_input_shape: shape, name: inName }, calls: [[]] });
      prev = input = { layer: inName, node: 0, index: 0 };
    }
    layers.push({ className: l.className, name: l.name, config: l.config, calls: [[prev]] });
    prev = { layer: l.name, node: 0, index: 0 };
  });
  if (!input || !prev) throw new TinyfitError(`${where}: Sequential model has no input`);
  return { name, layers, inputs: [input], outputs: [prev] };
}

function parseFunctional(t: Json, where: string): Topology {
  const cfg = t.config;
  if (!isObj(cfg) || !Array.isArray(cfg.layers)) throw new TinyfitError(`${where}: ${t.class_name} model has no layers`);
  const layers: LayerSpec[] = cfg.layers.map((raw: unknown) => {
    const l = layerOf(raw, where);
    const nodes = Array.isArray(l.raw.inbound_nodes) ? l.raw.inbound_nodes : [];
    const calls = l.className === 'InputLayer' ? [[]] : nodes.map((n) => parseCall(n, `${where}: layer '${l.name}'`));
    return { className: l.className, name: l.name, config: l.config, calls };
  });
  return {
    name: typeof cfg.name === 'string' ? cfg.name : 'model',
    layers,
    inputs: parseRefList(cfg.input_layers, where),
    outputs: parseRefList(cfg.output_layers, where),
  };
}

/** The input shape (batch included, as in Keras) declared by an InputLayer config. */
export function declaredInputShape(config: Json): unknown {
  return inputShapeOf(config);
}
