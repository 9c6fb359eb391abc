import * as fs from 'fs';
import * as path from 'path';
import { TinyfitError } from '../errors';
import { addTensor, emptyGraph, validateGraph } from '../ir/graph';
import { Graph, Tensor } from '../ir/types';
import { ConvertCtx, LayerConverter } from './context';
import { converterOf, isMultiInput } from './layers';
import { declaredInputShape, LayerSpec, parseTopology, TensorRef } from './topology';
import { LoadedWeight, loadWeights, ManifestGroup } from './weights';

function readJson(file: string): Record<string, unknown> {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new TinyfitError(code === 'ENOENT' ? `${file}: no such file` : `${file}: cannot read (${code ?? String(e)})`);
  }
  if (text.includes('\u0000')) {
    throw new TinyfitError(`${file}: not valid JSON (binary data); pass the TF.js Layers model.json, not a weight shard or .h5 file`);
  }
  let v: unknown;
  try {
    v = JSON.parse(text) as unknown;
  } catch (e) {
    // V8 quotes part of the text: keep the message one printable line.
    const why = (e as Error).message.replace(/[^\x20-\x7e]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
    throw new TinyfitError(`${file}: not valid JSON (${why.length > 200 ? `${why.slice(0, 200)}...` : why})`);
  }
  if (typeof v !== 'object' || v === null || Array.isArray(v)) {
    const kind = v === null ? 'null' : Array.isArray(v) ? 'an array' : `a ${typeof v}`;
    throw new TinyfitError(`${file}: top level is ${kind}, not an object; expected a TF.js Layers model.json`);
  }
  return v as Record<string, unknown>;
}

/** Finds a layer's weight in the manifest: `layer/param`, with any scope prefix or `:0` suffix. */
function makeWeightLookup(weights: Map<string, LoadedWeight>, file: string) {
  const names = [...weights.keys()];
  const find = (layer: string, param: string): LoadedWeight | undefined => {
    const base = `${layer}/${param}`;
    let w = weights.get(base) ?? weights.get(`${base}:0`);
    if (!w) {
      const hits = names.filter((n) => n.endsWith(`/${base}`) || n.endsWith(`/${base}:0`));
      if (hits.length === 1) w = weights.get(hits[0]);
      else if (hits.length > 1) throw new TinyfitError(`${file}: weight '${base}' is ambiguous (${hits.join(', ')})`);
    }
    return w;
  };
  const get = (layer: string, param: string, shape: number[]): LoadedWeight => {
    const base = `${layer}/${param}`;
    const w = find(layer, param);
    if (!w) throw new TinyfitError(`${file}: weightsManifest has no weight '${base}' needed by layer '${layer}'`);
    if (w.shape.join(',') !== shape.join(',')) {
      throw new TinyfitError(`${file}: weight '${w.name}' has shape [${w.shape}] but layer '${layer}' needs [${shape}]`);
    }
    return w;
  };
  return { get, shapeOf: (layer: string, param: string) => find(layer, param)?.shape };
}

function refKey(r: TensorRef): string {
  return `${r.layer}\u0000${r.node}\u0000${r.index}`;
}

/**
 * Imports a TF.js Layers model (model.json plus its weight shards) into an IR graph. Sequential and
 * functional models, Keras 2/3 and TF.js spellings, quantized weight manifests. Throws a TinyfitError with a
 * one-line message for anything the file does not provide or tinyfit does not support.
 */
export function importLayersModel(modelPath: string): Graph {
  const json = readJson(modelPath);
  if (json.format === 'graph-model' || (json.modelTopology && (json.modelTopology as Record<string, unknown>).node)) {
    throw new TinyfitError(`${modelPath}: this is a TF.js graph model; tinyfit reads Layers models (tf.LayersModel.save or tensorflowjs_converter --output_format=tfjs_layers_model)`);
  }
  const topoRaw = json.modelTopology ?? (json.class_name ? json : undefined);
  if (!topoRaw) throw new TinyfitError(`${modelPath}: no modelTopology (is this a TF.js Layers model.json?)`);
  const topo = parseTopology(topoRaw, modelPath);
  const manifest = json.weightsManifest ?? [];
  if (!Array.isArray(manifest)) throw new TinyfitError(`${modelPath}: weightsManifest must be an array`);
  const weights = loadWeights(modelPath, manifest as ManifestGroup[]);
  const lookup = makeWeightLookup(weights, modelPath);

  const g = emptyGraph(topo.name);
  const values = new Map<string, Tensor>();
  const byName = new Map<string, LayerSpec>();
  for (const l of topo.layers) {
    if (byName.has(l.name)) throw new TinyfitError(`${modelPath}: two layers are named '${l.name}'`);
    byName.set(l.name, l);
    if (l.className !== 'InputLayer' && !converterOf(l.className)) {
      const nested = ['Sequential', 'Model', 'Functional'].includes(l.className) ? ' (nested models are not supported; flatten the model)' : '';
      const hint = nested ||
        '; tinyfit converts Conv1D/Conv2D, DepthwiseConv2D, SeparableConv2D, Dense, pooling, reshaping, normalization, activation and merge layers: rebuild the model without it';
      throw new TinyfitError(`${modelPath}: layer '${l.name}' has unsupported class '${l.className}'${hint}`);
    }
  }

  // Convert calls as soon as their inputs exist (layer lists are usually, but not always, topological).
  const pending: { layer: LayerSpec; call: number }[] = [];
  for (const l of topo.layers) l.calls.forEach((_, call) => pending.push({ layer: l, call }));
  while (pending.length > 0) {
    const before = pending.length;
    for (let i = 0; i < pending.length; ) {
      const { layer, call } = pending[i];
      const refs = layer.calls[call];
      if (!refs.every((r) => values.has(refKey(r)))) {
        i++;
        continue;
      }
      pending.splice(i, 1);
      values.set(refKey({ layer: layer.name, node: call, index: 0 }), convertCall(g, layer, refs.map((r) => values.get(refKey(r)) as Tensor), lookup, modelPath));
    }
    if (pending.length === before) {
      const p = pending[0];
      const missing = p.layer.calls[p.call].find((r) => !values.has(refKey(r)));
      throw new TinyfitError(`${modelPath}: layer '${p.layer.name}' reads '${missing?.layer}', which no layer produces`);
    }
  }
  const resolve = (r: TensorRef, what: string): Tensor => {
    const t = values.get(refKey(r));
    if (!t) throw new TinyfitError(`${modelPath}: model ${what} '${r.layer}' is not a layer output`);
    return t;
  };
  g.inputs = topo.inputs.map((r) => {
    if (byName.get(r.layer)?.className !== 'InputLayer') {
      throw new TinyfitError(`${modelPath}: model input '${r.layer}' is not an InputLayer; input_layers must name the model's InputLayers`);
    }
    return resolve(r, 'input').id;
  });
  if (new Set(g.inputs).size !== g.inputs.length) throw new TinyfitError(`${modelPath}: input_layers lists an input twice`);
  g.outputs = topo.outputs.map((r) => resolve(r, 'output').id);
  // An InputLayer that the model reads must be one of its inputs (else nothing would ever write it).
  const read = new Set([...g.ops.flatMap((op) => op.inputs), ...g.outputs]);
  for (const l of topo.layers) {
    const t = l.className === 'InputLayer' ? values.get(refKey({ layer: l.name, node: 0, index: 0 })) : undefined;
    if (t && read.has(t.id) && !g.inputs.includes(t.id)) {
      throw new TinyfitError(`${modelPath}: InputLayer '${l.name}' is used but not listed in the model's input_layers`);
    }
  }
  validateGraph(g);
  return g;
}

function convertCall(
  g: Graph,
  layer: LayerSpec,
  inputs: Tensor[],
  lookup: ReturnType<typeof makeWeightLookup>,
  file: string,
): Tensor {
  const fail = (msg: string): never => {
    throw new TinyfitError(`${path.basename(file)}: layer '${layer.name}' (${layer.className}): ${msg}`);
  };
  if (layer.className === 'InputLayer') {
    const shape = declaredInputShape(layer.config);
    if (!Array.isArray(shape) || shape.length < 2) fail('input has no batch_input_shape');
    const dims = (shape as unknown[]).slice(1);
    if (dims.some((d) => d === null || d === -1)) fail(`input shape ${JSON.stringify(dims)} has unknown dimensions; export the model with a fixed input shape`);
    if (dims.some((d) => typeof d !== 'number' || !Number.isInteger(d) || d <= 0)) {
      fail(`input shape ${JSON.stringify(dims)} is not a list of positive integers; the model.json is corrupt`);
    }
    return addTensor(g, layer.name, dims as number[]);
  }
  if (inputs.length !== 1 && !isMultiInput(layer.className)) fail(`takes 1 input, but a call of it has ${inputs.length}`);
  const ctx: ConvertCtx = { g, layer, weight: (p, s) => lookup.get(layer.name, p, s), weightShape: (p) => lookup.shapeOf(layer.name, p), fail };
  try {
    return (converterOf(layer.className) as LayerConverter)(ctx, inputs);
  } catch (e) {
    if (e instanceof TinyfitError) {
      // Config readers (context.ts) name the layer themselves: restate their message in the usual form.
      const own = `layer '${layer.name}': `;
      if (e.message.startsWith(own)) fail(e.message.slice(own.length));
      if (!e.message.includes(layer.name)) fail(e.message);
    }
    throw e;
  }
}
