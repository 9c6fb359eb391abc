/**
 * Builds TFLite models by hand for tests: `TfliteModel` objects in exactly the form readTflite returns, and
 * their .tflite bytes (via writeTflite).
 *
 *   const b = new TfliteBuilder();
 *   const x = b.tensor('x', [1, 8, 8, 3]);
 *   const w = b.constTensor('w', [4, 3, 3, 3], new Float32Array(108));
 *   const y = b.tensor('y', [1, 8, 8, 4]);
 *   b.op('CONV_2D', [x, w, -1], [y], { padding: 'SAME', strideW: 1, strideH: 1 });
 *   b.inputs([x]); b.outputs([y]);
 *   const bytes = b.bytes();
 */

import type {
  ConcatenationOptions,
  Conv2DOptions,
  DepthwiseConv2DOptions,
  FullyConnectedOptions,
  LeakyReluOptions,
  Pool2DOptions,
  ReducerOptions,
  ReshapeOptions,
  SoftmaxOptions,
  SqueezeOptions,
  TfliteModel,
  TfliteOperator,
  TfliteOperatorCode,
  TfliteOptions,
  TfliteQuant,
  TfliteTensor,
  TfliteTensorType,
} from '../../src/import/tflite/model';
import {
  BUILTIN_OPERATOR_CODES,
  CUSTOM_OPERATOR_CODE,
  OPT,
  optionsTableName,
} from '../../src/import/tflite/schema';
import { OPTIONS_TYPE_OF_OPERATOR, defaultOptions } from '../../src/import/tflite/options';
import { writeTflite } from '../../src/import/tflite/writer';

/** Quantization of a tensor: zero points default to 0 per scale, the axis to 0. */
export interface QuantSpec {
  scale: number[];
  zeroPoint?: number[];
  quantizedDimension?: number;
  min?: number[];
  max?: number[];
}

/** Any fields of the decoded option tables (the op's table picks the ones that apply). */
export type OptionFields = Partial<
  Conv2DOptions & DepthwiseConv2DOptions & FullyConnectedOptions & Pool2DOptions & ConcatenationOptions &
    ReshapeOptions & SqueezeOptions & SoftmaxOptions & LeakyReluOptions & ReducerOptions
>;

/** Typed arrays accepted as constant data; the tensor type follows the array type unless given. */
export type ConstData = Float32Array | Int8Array | Int32Array | Uint8Array | Int16Array | Uint16Array | Float64Array;

function typeOf(data: ConstData): TfliteTensorType {
  if (data instanceof Float32Array) return 'float32';
  if (data instanceof Int8Array) return 'int8';
  if (data instanceof Int32Array) return 'int32';
  if (data instanceof Int16Array) return 'int16';
  if (data instanceof Uint16Array) return 'uint16';
  if (data instanceof Float64Array) return 'float64';
  return 'uint8';
}

/** The quantization as readTflite returns it (undefined when it carries nothing). */
function toQuant(q: QuantSpec | undefined): TfliteQuant | undefined {
  if (!q || (q.scale.length === 0 && !q.zeroPoint?.length && !q.min?.length && !q.max?.length)) return undefined;
  const quant: TfliteQuant = {
    scale: q.scale.map(Math.fround),
    zeroPoint: q.zeroPoint ? [...q.zeroPoint] : q.scale.map(() => 0),
    quantizedDimension: q.quantizedDimension ?? 0,
  };
  if (q.min?.length) quant.min = q.min.map(Math.fround);
  if (q.max?.length) quant.max = q.max.map(Math.fround);
  return quant;
}

/**
 * Deep copy of plain data (objects, arrays, Uint8Arrays). Not structuredClone: under jest its objects come
 * from another realm, so toStrictEqual would reject them.
 */
export function clone<T>(v: T): T {
  if (v instanceof Uint8Array) return v.slice() as T;
  if (Array.isArray(v)) return v.map((e) => clone(e)) as T;
  if (v !== null && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, e] of Object.entries(v)) out[k] = clone(e);
    return out as T;
  }
  return v;
}

/** Accumulates tensors, operators and constants of one subgraph; `model()` / `bytes()` assemble the file. */
export class TfliteBuilder {
  private readonly tensors: TfliteTensor[] = [];
  private readonly operators: TfliteOperator[] = [];
  private readonly codes: TfliteOperatorCode[] = [];
  /** Buffer 0 is the empty sentinel; each constant gets its own buffer. */
  private readonly buffers: Uint8Array[] = [new Uint8Array(0)];
  private readonly metadata: { name: string; buffer: number }[] = [];
  private ins: number[] = [];
  private outs: number[] = [];
  description = 'tinyfit test model';
  subgraphName = 'main';

  /** Adds a non-constant tensor; returns its index. */
  tensor(name: string, shape: number[], type: TfliteTensorType = 'float32', quant?: QuantSpec): number {
    const t: TfliteTensor = { index: this.tensors.length, name, shape: [...shape], type, buffer: 0, isVariable: false, sparse: false };
    const q = toQuant(quant);
    if (q) t.quant = q;
    this.tensors.push(t);
    return t.index;
  }

  /** Adds a constant tensor with its own buffer holding `data`'s bytes; returns its index. */
  constTensor(name: string, shape: number[], data: ConstData, quant?: QuantSpec, type?: TfliteTensorType): number {
    const i = this.tensor(name, shape, type ?? typeOf(data), quant);
    const bytes = new Uint8Array(data.buffer, data.byteOffset, data.byteLength).slice();
    this.tensors[i].buffer = this.buffers.length;
    this.tensors[i].data = bytes.slice();
    this.buffers.push(bytes);
    return i;
  }

  /**
   * Adds an operator: `name` is a BuiltinOperator name ('CONV_2D') or 'CUSTOM:<code>'. `options` may be partial;
   * missing fields take the schema defaults of the options table (chosen from the op unless `optionsType` is
   * given). Returns the operator's index.
   */
  op(name: string, inputs: number[], outputs: number[], options: OptionFields = {}, version = 1, optionsType?: number): number {
    const opcodeIndex = this.opcode(name, version);
    const type = optionsType ?? OPTIONS_TYPE_OF_OPERATOR[name] ?? 0;
    const defaults = defaultOptions(type) as Record<string, unknown>;
    const allowed = new Set([...Object.keys(defaults), ...(type === OPT.ReshapeOptions ? ['newShape'] : [])]);
    for (const k of Object.keys(options)) {
      if (!allowed.has(k)) throw new Error(`TfliteBuilder: option '${k}' is not a field of ${optionsTableName(type)}`);
    }
    const full: Record<string, unknown> = { ...defaults, ...options };
    // Float fields are float32 in the file.
    for (const k of ['beta', 'alpha']) if (typeof full[k] === 'number') full[k] = Math.fround(full[k] as number);
    const op: TfliteOperator = { index: this.operators.length, opcodeIndex, inputs: [...inputs], outputs: [...outputs], optionsType: type, options: full as TfliteOptions };
    this.operators.push(op);
    return op.index;
  }

  /** Index of the operator code (name, version), added on first use. */
  private opcode(name: string, version: number): number {
    const found = this.codes.findIndex((c) => c.name === name && c.version === version);
    if (found >= 0) return found;
    let code: TfliteOperatorCode;
    if (name.startsWith('CUSTOM:')) {
      code = { builtinCode: CUSTOM_OPERATOR_CODE, name, version, customCode: name.slice('CUSTOM:'.length) };
    } else {
      const builtinCode = BUILTIN_OPERATOR_CODES.get(name);
      if (builtinCode === undefined) throw new Error(`TfliteBuilder: unknown builtin operator ${name}`);
      code = { builtinCode, name, version };
    }
    this.codes.push(code);
    return this.codes.length - 1;
  }

  /** Sets the subgraph inputs. */
  inputs(ids: number[]): this {
    this.ins = [...ids];
    return this;
  }

  /** Sets the subgraph outputs. */
  outputs(ids: number[]): this {
    this.outs = [...ids];
    return this;
  }

  /** Adds a metadata entry with its own buffer. */
  addMetadata(name: string, bytes: Uint8Array): this {
    this.metadata.push({ name, buffer: this.buffers.length });
    this.buffers.push(bytes.slice());
    return this;
  }

  /** The model, as readTflite would return it for `bytes()` (fresh objects on every call). */
  model(): TfliteModel {
    return {
      version: 3,
      description: this.description,
      operatorCodes: clone(this.codes),
      subgraphs: [
        { name: this.subgraphName, tensors: clone(this.tensors), inputs: [...this.ins], outputs: [...this.outs], operators: clone(this.operators) },
      ],
      buffers: this.buffers.map((b) => b.slice()),
      metadata: clone(this.metadata),
    };
  }

  /** The model as .tflite bytes (writeTflite). */
  bytes(): Uint8Array {
    return writeTflite(this.model());
  }
}
