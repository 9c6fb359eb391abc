import { TinyfitError } from '../errors';
import { addOp, addTensor } from '../ir/graph';
import { ActivationFn, Graph, NO_CLAMP, Tensor } from '../ir/types';
import { LayerSpec } from './topology';
import { LoadedWeight } from './weights';

/** What a layer converter gets: the graph being built, its layer, and access to the layer's weights. */
export interface ConvertCtx {
  g: Graph;
  layer: LayerSpec;
  /** The layer's weight for a parameter name (kernel, bias, gamma, ...), checked against `shape`. */
  weight(param: string, shape: number[]): LoadedWeight;
  /** The stored shape of a parameter's weight, if the manifest has it (to recover unsaved config). */
  weightShape(param: string): number[] | undefined;
  /** Throws a one-line user error naming the layer. */
  fail(msg: string): never;
}

/** Converts one call of a layer to IR ops; returns the call's output tensor. */
export type LayerConverter = (ctx: ConvertCtx, inputs: Tensor[]) => Tensor;

type Json = Record<string, unknown>;

/** Reads a config value with a default. */
export function cfg<T>(layer: LayerSpec, key: string, dflt: T): T {
  const v = (layer.config as Json)[key];
  return v === undefined || v === null ? dflt : (v as T);
}

function typeError(layer: LayerSpec, key: string, want: string, v: unknown): never {
  throw new TinyfitError(`layer '${layer.name}': '${key}' must be ${want}, got ${JSON.stringify(v)}; the model.json is corrupt or was edited by hand`);
}

/** Reads a number config value (JSON null or absent: the default). */
export function num<T extends number | null>(layer: LayerSpec, key: string, dflt: T): number | T {
  const v = cfg<unknown>(layer, key, dflt);
  if (v !== dflt && typeof v !== 'number') typeError(layer, key, 'a number', v);
  return v as number | T;
}

/** Reads a boolean config value. */
export function bool(layer: LayerSpec, key: string, dflt: boolean): boolean {
  const v = cfg<unknown>(layer, key, dflt);
  if (typeof v !== 'boolean') typeError(layer, key, 'true or false', v);
  return v;
}

/** Reads a string config value. */
export function str(layer: LayerSpec, key: string, dflt: string): string {
  const v = cfg<unknown>(layer, key, dflt);
  if (typeof v !== 'string') typeError(layer, key, 'a string', v);
  return v;
}

/** Reads a list-of-numbers config value (target_shape, dims, shared_axes). */
export function numList(layer: LayerSpec, key: string, dflt: number[]): number[] {
  const v = cfg<unknown>(layer, key, dflt);
  if (!Array.isArray(v) || !v.every((x) => typeof x === 'number')) typeError(layer, key, 'a list of numbers', v);
  return v as number[];
}

/** Reads a number that may be written as a list of numbers (axis: -1 or [-1]). */
export function numOrList(layer: LayerSpec, key: string, dflt: number): number[] {
  const v = cfg<unknown>(layer, key, dflt);
  if (typeof v === 'number') return [v];
  if (!Array.isArray(v) || !v.every((x) => typeof x === 'number')) typeError(layer, key, 'a number or a list of numbers', v);
  return v as number[];
}

/** Reads an int-or-pair config value (kernel_size, strides, pool_size, size...). */
export function pair(layer: LayerSpec, key: string, dflt: number | [number, number]): [number, number] {
  const v = cfg<unknown>(layer, key, dflt);
  if (typeof v === 'number') return [v, v];
  if (Array.isArray(v) && v.every((x) => typeof x === 'number')) {
    if (v.length === 1) return [v[0], v[0]];
    if (v.length === 2) return [v[0], v[1]];
  }
  return typeError(layer, key, 'an int or a pair of ints', v);
}

/** Reads an int config value that may be written as [n] (Keras 1-D layers). */
export function single(layer: LayerSpec, key: string, dflt: number): number {
  const v = cfg<unknown>(layer, key, dflt);
  if (typeof v === 'number') return v;
  if (Array.isArray(v) && v.length === 1 && typeof v[0] === 'number') return v[0];
  return typeError(layer, key, 'an int', v);
}

/** Checks that the layer uses channels_last (NHWC) data. */
export function requireChannelsLast(ctx: ConvertCtx): void {
  const df = str(ctx.layer, 'data_format', 'channels_last');
  if (df !== 'channels_last') ctx.fail(`data_format '${df}' is not supported; re-export the model with channels_last`);
}

/** Adds a constant tensor named after the layer. */
export function constant(ctx: ConvertCtx, suffix: string, shape: number[], data: Float32Array): Tensor {
  return addTensor(ctx.g, `${ctx.layer.name}/${suffix}`, shape, 'float32', data);
}

/** Normalises a Keras activation value (string, or Keras 3 object) to its name. */
export function activationName(ctx: ConvertCtx, v: unknown): string {
  if (v === undefined || v === null) return 'linear';
  if (typeof v === 'string') return v;
  if (typeof v === 'object') {
    const o = v as Json;
    const c = o.config as Json | string | undefined;
    // Keras 3 writes a function from outside keras.activations (tf.nn.relu, keras.ops.relu) as
    // {module, class_name: 'function', config: 'relu', registered_name}.
    if (typeof c === 'string') return c;
    if (c && typeof c.name === 'string') return c.name;
    if (typeof o.class_name === 'string') return o.class_name;
  }
  return ctx.fail(`cannot read activation ${JSON.stringify(v)}`);
}

const SIMPLE: Record<string, ActivationFn> = {
  relu: 'relu',
  relu6: 'relu6',
  sigmoid: 'sigmoid',
  hard_sigmoid: 'hard_sigmoid',
  hardsigmoid: 'hard_sigmoid',
  tanh: 'tanh',
  elu: 'elu',
  selu: 'selu',
  softplus: 'softplus',
  softsign: 'softsign',
  swish: 'swish',
  silu: 'swish',
};

/** Appends the op(s) for a named activation after `x` (nothing for linear). */
export function applyActivation(ctx: ConvertCtx, x: Tensor, name: string, suffix = 'activation'): Tensor {
  const n = name.toLowerCase();
  if (n === 'linear' || n === 'identity') return x;
  const opName = `${ctx.layer.name}/${suffix}`;
  if (n === 'softmax') return addOp(ctx.g, 'softmax', opName, [x], { axis: -1 });
  const fn = SIMPLE[n];
  if (!fn) ctx.fail(`activation '${name}' is not supported (supported: linear, softmax, ${Object.keys(SIMPLE).join(', ')})`);
  return addOp(ctx.g, 'activation', opName, [x], { fn, params: fn === 'elu' ? { alpha: 1 } : {} });
}

/** The layer's `activation` config applied after `x`. */
export function applyConfiguredActivation(ctx: ConvertCtx, x: Tensor): Tensor {
  return applyActivation(ctx, x, activationName(ctx, cfg<unknown>(ctx.layer, 'activation', 'linear')));
}

export { NO_CLAMP };
