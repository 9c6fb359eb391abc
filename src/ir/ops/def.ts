/**
 * What the compiler knows about one op kind, in one place: how its attributes are checked and its output shape
 * inferred, what the memory planner may do with it, how it quantizes, what it costs and which C kernels it may
 * call. Every kind has one `OpDef` (src/ir/ops/<kind>.ts) registered in src/ir/ops/index.ts; its float and int8
 * reference kernels live in src/reference/float/<kind>.ts and src/reference/int8/<kind>.ts (registered in
 * src/reference/registry.ts) and its C call builder in src/codegen/calls/<kind>.ts (registered in
 * src/codegen/calls/index.ts). Each registry is typed over every op kind, so a kind missing any part does not
 * compile (docs/adding-an-op.md).
 */
import { TinyfitError } from '../../errors';
import type { FusedClamp, OpKind, OpOf } from '../types';

/** Shapes of an op's inputs (batch axis omitted), in input order. */
export type Shapes = readonly (readonly number[])[];

/** Largest value of a C `int` on every supported target (32-bit int). */
export const C_INT_MAX = 2147483647;

/** Per-tensor int8 parameters an op fixes for its output (TFLite's softmax, logistic, tanh). */
export interface FixedQuant {
  scale: number;
  zeroPoint: number;
}

/** The window of a windowed op along H and W, as the streaming-overlap rules need it. */
export interface WindowGeometry {
  kernel: [number, number];
  strides: [number, number];
  dilations: [number, number];
  padTop: number;
  padLeft: number;
}

/** What the memory planner may do with an op's buffers. */
export interface MemoryTraits<K extends OpKind> {
  /** The output is the input's bytes under another shape (reshape, identity): no buffer, no code. */
  alias?: boolean;
  /**
   * The output may take over the buffer of a dying input of the same size (elementwise ops): the first input,
   * or either of the first two (binary ops).
   */
  inPlace?: 'first' | 'first-two';
  /** The op can run in place through a one-channel temporary (depthwise with multiplier 1). */
  inPlaceChannelwise?(op: OpOf<K>): boolean;
  /** The op reads an HWC input through a pixel stride (a zero-copy concat view). */
  stridedInput?(op: OpOf<K>): boolean;
  /** The op writes its HWC output through a pixel stride (into its slice of a concat). */
  stridedOutput?(op: OpOf<K>): boolean;
  /** Window geometry of an op that visits output pixels in raster order (write-behind/ahead overlaps). */
  window?(op: OpOf<K>, ins: Shapes): WindowGeometry;
}

/** How post-training quantization treats an op. */
export interface QuantRule<K extends OpKind> {
  /**
   * Output parameters: 'free' (chosen from the calibrated range), 'input' (the input's: pooling, data movement)
   * or a function giving TFLite's fixed parameters (undefined: free).
   */
  output: 'free' | 'input' | ((op: OpOf<K>) => FixedQuant | undefined);
  /**
   * Input 1 holds weights (int8 symmetric, per channel along `axis`, default `OpDef.weightChannelAxis`) and input 2
   * an optional bias (int32 at s_in·s_w); per channel follows the conv option (default on), the dense option
   * (default off), or always.
   */
  weights?: { perChannel: 'conv' | 'dense' | 'always'; axis?: number };
  /** Every float constant input becomes int8 with its own asymmetric per-tensor parameters (elementwise operands). */
  constOperands?: boolean;
  /** Why an op cannot be quantized, if it cannot. */
  refuse?(op: OpOf<K>): string | undefined;
}

/** One op kind's definition. */
export interface OpDef<K extends OpKind> {
  /** One line: what the op computes. */
  summary: string;
  /** Number of inputs [min, max]. */
  arity: readonly [number, number];
  /**
   * Checks the attributes against the input shapes (integers, ranges, fits the input, fits a C int) and
   * returns the output shape; `hint` is the requested output shape where the op needs one (reshape).
   * @throws TinyfitError naming the layer and the attribute
   */
  shape(op: OpOf<K>, ins: Shapes, hint?: readonly number[]): number[];
  /** Memory-planner capabilities (none: a plain op with its own output buffer). */
  memory: MemoryTraits<K>;
  /** A following ReLU/ReLU6 can be fused into the op's `clamp` attribute. */
  fusesClamp: boolean;
  /** A preceding ZeroPadding can be folded into the op's `pad` attribute. */
  fusesPadding: boolean;
  /**
   * Output-channel axis of the weights (input 1; input 2 is the bias), for ops a following BatchNormalization
   * folds into and that quantize per channel.
   */
  weightChannelAxis?: number;
  /** The float kernels have float16 (`_f16w`) and int8-weight (`_i8w`) variants: weights can be stored compressed. */
  compressedWeights: boolean;
  /** int8 quantization rule. */
  quant: QuantRule<K>;
  /** Multiply-accumulates per inference. */
  macs(op: OpOf<K>, ins: Shapes, out: readonly number[]): number;
  /** Kernel base names (firmware/kernels/<name>.c) the op's C calls may use, by graph precision. */
  kernels: { float: readonly string[]; int8: readonly string[] };
}

/** Throws the one-line user error of an op: `layer '<name>' (<kind>): <msg>`. */
export function opFail(op: { name: string; kind: string }, msg: string): never {
  throw new TinyfitError(`layer '${op.name}' (${op.kind}): ${msg}`);
}

function show(v: unknown): string {
  return Array.isArray(v) ? `[${v.map(show).join(', ')}]` : typeof v === 'string' ? `'${v}'` : String(v);
}

/**
 * Checks that every value of an attribute is an integer in [min, max] (max defaults to a C int's range).
 * @throws TinyfitError `layer '<name>' (<kind>): attribute '<attr>' must be …, got …`
 */
export function checkInts(op: { name: string; kind: string }, attr: string, values: readonly unknown[], min: number, max = C_INT_MAX): void {
  for (const v of values) {
    if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) {
      const range = max === C_INT_MAX ? `≥ ${min}` : `in [${min}, ${max}]`;
      opFail(op, `attribute '${attr}' must be ${values.length > 1 ? 'integers' : 'an integer'} ${range}, got ${show(values)}`);
    }
  }
}

/** Checks that an attribute is a pair of integers in [min, max]. */
export function checkPair(op: { name: string; kind: string }, attr: string, v: unknown, min: number, max = C_INT_MAX): void {
  if (!Array.isArray(v) || v.length !== 2) opFail(op, `attribute '${attr}' must be a pair of integers, got ${show(v)}`);
  checkInts(op, attr, v, min, max);
}

/** Checks explicit spatial padding: four integers ≥ 0. */
export function checkPad(op: { name: string; kind: string }, attr: string, p: unknown): void {
  const q = p as Record<string, unknown> | undefined;
  if (!q || typeof q !== 'object') opFail(op, `attribute '${attr}' must give top, left, bottom and right, got ${show(p)}`);
  checkInts(op, attr, [q.top, q.left, q.bottom, q.right], 0);
}

/** Checks a fused clamp: min ≤ max, neither NaN. */
export function checkClamp(op: { name: string; kind: string }, c: FusedClamp | undefined): void {
  if (!c || typeof c.min !== 'number' || typeof c.max !== 'number' || Number.isNaN(c.min) || Number.isNaN(c.max) || c.min > c.max) {
    opFail(op, `fused clamp must be [min, max] with min ≤ max, got ${c ? `[${c.min}, ${c.max}]` : 'none'}`);
  }
}

/** Checks that a count the generated C computes as an `int` (elements, byte offsets) fits one. */
export function checkFitsInt(op: { name: string; kind: string }, what: string, value: number): void {
  if (!(value <= C_INT_MAX)) opFail(op, `${what} (${value}) does not fit a 32-bit C int`);
}

/** Checks the input count against the op's arity (an internal error: importers and passes build ops). */
export function checkArity(op: { name: string; kind: string; inputs: readonly unknown[] }, arity: readonly [number, number]): void {
  const n = op.inputs.length;
  if (n < arity[0] || n > arity[1]) {
    throw new Error(`internal: op '${op.name}' (${op.kind}) has ${n} inputs, expected ${arity[0] === arity[1] ? arity[0] : `${arity[0]}..${arity[1]}`}`);
  }
}

/** Checks that an input has the given rank. */
export function expectRank(op: { name: string; kind: string }, shape: readonly number[], rank: number, what = 'input'): void {
  if (shape.length !== rank) opFail(op, `${what} must have rank ${rank} (without batch), got shape [${shape}]`);
}

/** No multiply-accumulates. */
export const NO_MACS = (): number => 0;
