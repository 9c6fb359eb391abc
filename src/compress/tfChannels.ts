/**
 * Where the output channels of a conv2d / dense layer of a TF.js Layers model go: the layers that carry them
 * unchanged (activations, pooling, padding, dropout), the ones with per-channel weights to slice (batch norm,
 * PReLU, depthwise convolution), a flatten that interleaves them, and the one layer that consumes them (the next
 * conv2d's input channels or dense layer's rows). Structured pruning (structuredTf.ts) rewrites exactly these
 * layers. Read from the model's JSON config; anything else on the way is refused with a TinyfitError that
 * names the layer.
 */
import type * as TF from '@tensorflow/tfjs';
import { TinyfitError } from '../errors';

type Json = Record<string, unknown>;

/** One layer of the model's topology (the model's own JSON config). */
export interface LayerNode {
  name: string;
  className: string;
  config: Json;
  /** Names of the layers whose outputs this layer reads. */
  inputs: string[];
}

/** The model's layers by name, who reads whom, and which layers are model outputs. */
export interface ModelTopology {
  /** The JSON config (`model.toJSON`), edited by the rebuild. */
  json: Json;
  nodes: Map<string, LayerNode>;
  /** Layers in config order. */
  order: string[];
  readers: Map<string, string[]>;
  outputs: Set<string>;
}

/** A layer on the channels' way down and what it does with them. */
export type ChannelStep =
  | { layer: string; kind: 'pass' }
  | { layer: string; kind: 'bn' }
  | { layer: string; kind: 'prelu' }
  | { layer: string; kind: 'depthwise'; multiplier: number }
  | { layer: string; kind: 'flatten'; positions: number }
  | { layer: string; kind: 'conv-in' }
  | { layer: string; kind: 'dense-in' };

/** Layers that keep the channels on the last axis and have no per-channel weights. */
const PASS = new Set([
  'Activation', 'ReLU', 'LeakyReLU', 'ELU', 'ThresholdedReLU', 'Dropout', 'SpatialDropout2D', 'GaussianNoise', 'GaussianDropout',
  'AlphaDropout', 'MaxPooling2D', 'AveragePooling2D', 'GlobalAveragePooling2D', 'GlobalMaxPooling2D', 'ZeroPadding2D', 'Cropping2D',
  'UpSampling2D',
]);
/** Of those, the ones allowed after a flatten (element-wise). */
const ELEMENTWISE = new Set(['Activation', 'ReLU', 'LeakyReLU', 'ELU', 'ThresholdedReLU', 'Dropout', 'GaussianNoise', 'GaussianDropout', 'AlphaDropout']);

/** Reads the topology of a Sequential or functional Layers model from its JSON config. */
export function modelTopology(model: TF.LayersModel): ModelTopology {
  const json = JSON.parse(JSON.stringify(model.toJSON(null, false))) as Json;
  const config = json.config as Json | Json[];
  const layers = (Array.isArray(config) ? config : (config.layers as Json[])) ?? [];
  const nodes = new Map<string, LayerNode>();
  const order: string[] = [];
  const sequential = json.class_name === 'Sequential';
  let prev: string | undefined;
  for (const l of layers) {
    const cfg = (l.config ?? {}) as Json;
    const name = String(l.name ?? cfg.name);
    let inputs: string[] = [];
    if (sequential) inputs = prev === undefined ? [] : [prev];
    else {
      const calls = (l.inbound_nodes ?? []) as unknown[][];
      if (calls.length > 1) inputs = ['#shared'];
      else inputs = ((calls[0] ?? []) as unknown[][]).map((r) => String(r[0]));
    }
    nodes.set(name, { name, className: String(l.class_name), config: cfg, inputs });
    order.push(name);
    prev = name;
  }
  const readers = new Map<string, string[]>();
  for (const n of nodes.values()) for (const i of n.inputs) readers.set(i, [...(readers.get(i) ?? []), n.name]);
  const outs = sequential ? (prev === undefined ? [] : [prev]) : ((config as Json).output_layers as unknown[][]).map((r) => String(r[0]));
  return { json, nodes, order, readers, outputs: new Set(outs) };
}

function fail(layer: string, why: string): never {
  throw new TinyfitError(`cannot remove filters of '${layer}': ${why}`);
}

/** Output channels (filters or units) of a prunable layer; refuses other layers. */
export function prunableWidth(topo: ModelTopology, layer: string): number {
  const n = topo.nodes.get(layer);
  if (!n) throw new TinyfitError(`no layer named '${layer}' to prune`);
  if (n.className !== 'Conv2D' && n.className !== 'Dense') fail(layer, `it is a ${n.className}; only Conv2D filters and Dense units can be removed`);
  if ((n.config.data_format ?? 'channels_last') !== 'channels_last') fail(layer, 'it is channels_first');
  if (topo.outputs.has(layer)) fail(layer, 'it is a model output (its units are the predictions)');
  if (n.inputs[0] === '#shared') fail(layer, 'the layer is called more than once (shared weights)');
  return Number(n.className === 'Conv2D' ? n.config.filters : n.config.units);
}

/**
 * Follows the output channels of `layer` (a Conv2D or Dense) down to the layer that consumes them.
 * @param spatialOf product of the non-batch, non-channel dimensions of a layer's output (for a flatten)
 * @throws TinyfitError naming `layer` when the channels branch, merge with another input, reach a model output,
 *   or pass a layer that cannot be rewritten
 */
export function channelPath(topo: ModelTopology, layer: string, spatialOf: (layer: string) => number): ChannelStep[] {
  prunableWidth(topo, layer);
  const steps: ChannelStep[] = [];
  let flat = false;
  for (let cur = layer; ; ) {
    if (topo.outputs.has(cur)) fail(layer, `its channels reach the model output '${cur}'`);
    const rs = topo.readers.get(cur) ?? [];
    if (rs.length !== 1) fail(layer, `the output of '${cur}' is read by ${rs.length} layers (${rs.join(', ') || 'none'})`);
    const r = topo.nodes.get(rs[0])!;
    const c = r.className;
    if (r.inputs.length !== 1) fail(layer, `'${r.name}' (${c}) combines it with ${r.inputs[0] === '#shared' ? 'other calls' : 'another input'}`);
    if ((r.config.data_format ?? 'channels_last') !== 'channels_last') fail(layer, `'${r.name}' is channels_first`);
    if (c === 'Conv2D' && !flat) {
      steps.push({ layer: r.name, kind: 'conv-in' });
      return steps;
    }
    if (c === 'Dense') {
      steps.push({ layer: r.name, kind: 'dense-in' });
      return steps;
    }
    if (flat && !ELEMENTWISE.has(c)) fail(layer, `'${r.name}' (${c}) follows the flatten`);
    if (c === 'BatchNormalization') {
      const axis = r.config.axis;
      if (axis !== -1 && axis !== 3 && !(Array.isArray(axis) && axis.length === 1 && (axis[0] === -1 || axis[0] === 3))) {
        fail(layer, `batch norm '${r.name}' normalizes axis ${JSON.stringify(axis)}, not the channels`);
      }
      steps.push({ layer: r.name, kind: 'bn' });
    } else if (c === 'PReLU') {
      const shared = (r.config.shared_axes ?? null) as number[] | null;
      if (shared && shared.includes(-1)) fail(layer, `PReLU '${r.name}' shares its alpha across channels`);
      steps.push({ layer: r.name, kind: 'prelu' });
    } else if (c === 'DepthwiseConv2D') {
      steps.push({ layer: r.name, kind: 'depthwise', multiplier: Number(r.config.depth_multiplier ?? 1) });
    } else if (c === 'Flatten') {
      flat = true;
      steps.push({ layer: r.name, kind: 'flatten', positions: spatialOf(cur) });
    } else if (PASS.has(c)) {
      if (c === 'Activation' && String(r.config.activation) === 'softmax') fail(layer, `'${r.name}' is a softmax over the channels`);
      steps.push({ layer: r.name, kind: 'pass' });
    } else fail(layer, `'${r.name}' (${c}) cannot be rewritten`);
    cur = r.name;
  }
}
