/**
 * State shared by the TFLite operator converters: the model, the graph being built, and the map from TFLite
 * tensor index to IR tensor. Converters read their inputs and bind their outputs through it, so batch
 * stripping, constant decoding, type checks and shape reconciliation live in one place.
 */
import { TinyfitError } from '../../errors';
import { addOp, addTensor, numel } from '../../ir/graph';
import { DType, Graph, QuantParams, Tensor } from '../../ir/types';
import { TfliteModel, TfliteOperator, TfliteSubgraph, TfliteTensor } from './model';
import { activationShape, decodeData, irQuant } from './tensors';

/** The IR dtype of a TFLite activation type, or undefined when tinyfit cannot compute in it. */
export function activationDType(type: string): DType | undefined {
  return type === 'float32' || type === 'int8' ? type : undefined;
}

/** Shortens a TFLite tensor name ("a/b/Relu;a/b/BiasAdd;...") to its first part for IR names. */
export function shortName(name: string, fallback: string): string {
  const first = name.split(';')[0].trim();
  return first.length ? first : fallback;
}

/** An activation tensor as the file declares it (see ImportContext.activationSpec). */
export interface ActivationSpec {
  name: string;
  shape: number[];
  dtype: DType;
  quant?: QuantParams;
}

/** Conversion state of one subgraph. */
export class ImportContext {
  readonly values = new Map<number, Tensor>();
  /** Constants computed at import (a DEQUANTIZE of a float16/int8 weight), by TFLite tensor index. */
  readonly constants = new Map<number, Tensor>();

  constructor(
    readonly model: TfliteModel,
    readonly sg: TfliteSubgraph,
    readonly g: Graph,
    readonly where: string,
  ) {}

  /** A model-level error (one line, prefixed with the file). */
  fail(msg: string): never {
    throw new TinyfitError(`${this.where}: ${msg}`);
  }

  /** The TFLite tensor at an index (the reader has validated indices). */
  tfl(index: number): TfliteTensor {
    return this.sg.tensors[index];
  }

  /**
   * What the file declares for an activation tensor, checked: IR name, shape without the batch axis, dtype and
   * (int8) per-tensor parameters.
   */
  activationSpec(index: number, fail: (msg: string) => never = (m) => this.fail(m)): ActivationSpec {
    const t = this.tfl(index);
    const dtype = activationDType(t.type);
    if (!dtype) fail(`tensor ${index} '${t.name}' has type ${t.type}; tinyfit computes in float32 and int8`);
    if (t.isVariable) fail(`tensor ${index} '${t.name}' is a variable (stateful) tensor; tinyfit compiles stateless models`);
    const quant = irQuant(t.quant, true);
    if (dtype === 'int8' && (!quant || quant.scale.length !== 1)) {
      fail(`int8 tensor ${index} '${t.name}' needs one scale and zero point (per-tensor quantization), got ${quant?.scale.length ?? 0}`);
    }
    return { name: shortName(t.name, `t${index}`), shape: activationShape(t, fail), dtype, ...(dtype === 'int8' ? { quant } : {}) };
  }

  /** Creates the IR tensor of a graph input from its TFLite tensor ({@link activationSpec}). */
  activation(index: number, fail: (msg: string) => never = (m) => this.fail(m)): Tensor {
    const spec = this.activationSpec(index, fail);
    const x = addTensor(this.g, spec.name, spec.shape, spec.dtype);
    if (spec.quant) x.quant = spec.quant;
    return x;
  }

  /** The IR tensor of a constant (full TFLite shape, batch kept: weights, biases, operands). */
  constant(index: number, fail: (msg: string) => never): Tensor {
    const folded = this.constants.get(index);
    if (folded) {
      const c = addTensor(this.g, folded.name, [...folded.shape], folded.dtype, folded.data);
      if (folded.quant) c.quant = folded.quant;
      return c;
    }
    const t = this.tfl(index);
    if (t.sparse) fail(`tensor ${index} '${t.name}' is sparse; tinyfit reads dense tensors`);
    const data = decodeData(t, fail);
    const dtype: DType = data instanceof Float32Array ? 'float32' : data instanceof Int8Array ? 'int8' : 'int32';
    const c = addTensor(this.g, shortName(t.name, `c${index}`), t.shape.length ? [...t.shape] : [1], dtype, data);
    const quant = irQuant(t.quant, false);
    if (quant && dtype !== 'float32') c.quant = quant;
    return c;
  }

  /** True when the TFLite tensor holds constant data (a buffer with bytes). */
  isConstant(index: number): boolean {
    return this.constants.has(index) || this.tfl(index).data !== undefined;
  }

  /**
   * Makes `y` the IR value of TFLite tensor `index`: checks its type and parameters against the file and, when
   * the op's natural IR shape differs from the tensor's (e.g. FULLY_CONNECTED keeps a leading 1), inserts a free
   * reshape. Returns the bound tensor.
   */
  bind(index: number, y: Tensor, opName: string, fail: (msg: string) => never): Tensor {
    const want = this.activationSpec(index, fail);
    let out = y;
    if (numel(y.shape) !== numel(want.shape)) {
      fail(`computes shape [${y.shape}] but the file declares [${this.tfl(index).shape}] for tensor ${index}`);
    }
    const label = (t: Tensor): void => {
      t.dtype = want.dtype;
      if (want.quant) t.quant = want.quant;
      else delete t.quant;
    };
    label(y);
    if (y.shape.join(',') !== want.shape.join(',')) {
      out = addOp(this.g, 'reshape', `${opName}/reshape`, [y], {}, want.shape);
      label(out);
    }
    out.name = want.name;
    this.values.set(index, out);
    return out;
  }
}

/** What a converter sees of its operator. */
export interface OpView {
  op: TfliteOperator;
  /** Builtin name, e.g. 'CONV_2D'. */
  name: string;
  version: number;
  /** IR name for the op (its first output's short name). */
  irName: string;
  /** One-line error naming the operator, its version and its index. */
  fail(msg: string): never;
}
