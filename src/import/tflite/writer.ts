/**
 * Writes a `TfliteModel` as a TFLite flatbuffer (schema version 3, identifier "TFL3"): everything readTflite
 * decodes, so readTflite(writeTflite(m)) equals m for any model readTflite returned. Option tables tinyfit does
 * not decode are written empty (their type code is kept); custom options and signature defs are not written.
 */

import * as flatbuffers from 'flatbuffers';
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
  ActivationOptions,
  TfliteModel,
  TfliteOperator,
  TfliteOptions,
  TfliteQuant,
  TfliteSubgraph,
  TfliteTensor,
} from './model';
import {
  ACTIVATIONS,
  F,
  FILE_IDENTIFIER,
  NUM_FIELDS,
  OPT,
  PADDINGS,
  PLACEHOLDER_FOR_GREATER_OP_CODES,
  tensorTypeCode,
} from './schema';

type Builder = flatbuffers.Builder;
type Offset = flatbuffers.Offset;

function int32Vector(b: Builder, values: readonly number[]): Offset {
  b.startVector(4, values.length, 4);
  for (let i = values.length - 1; i >= 0; i--) b.addInt32(values[i]);
  return b.endVector();
}

function float32Vector(b: Builder, values: readonly number[]): Offset {
  b.startVector(4, values.length, 4);
  for (let i = values.length - 1; i >= 0; i--) b.addFloat32(values[i]);
  return b.endVector();
}

function int64Vector(b: Builder, values: readonly number[]): Offset {
  b.startVector(8, values.length, 8);
  for (let i = values.length - 1; i >= 0; i--) b.addInt64(BigInt(Math.round(values[i])));
  return b.endVector();
}

function offsetVector(b: Builder, offsets: readonly Offset[]): Offset {
  b.startVector(4, offsets.length, 4);
  for (let i = offsets.length - 1; i >= 0; i--) b.addOffset(offsets[i]);
  return b.endVector();
}

/** A byte vector whose data starts 16-byte aligned (Buffer.data is force_align: 16 in the schema). */
function alignedByteVector(b: Builder, data: Uint8Array): Offset {
  // The builder writes back to front: prep(16, n) pads so that the position after the n data bytes is
  // 16-aligned; createByteVector's own 4-byte alignment is then already met, so no padding lands between.
  b.prep(16, data.length);
  return b.createByteVector(data);
}

function writeBuffer(b: Builder, data: Uint8Array): Offset {
  const vec = data.length > 0 ? alignedByteVector(b, data) : 0;
  b.startObject(NUM_FIELDS.Buffer);
  if (vec) b.addFieldOffset(F.Buffer.data, vec, 0);
  return b.endObject();
}

function writeQuant(b: Builder, q: TfliteQuant): Offset {
  const min = q.min ? float32Vector(b, q.min) : 0;
  const max = q.max ? float32Vector(b, q.max) : 0;
  const scale = float32Vector(b, q.scale);
  const zeroPoint = int64Vector(b, q.zeroPoint);
  const f = F.Quantization;
  b.startObject(NUM_FIELDS.Quantization);
  if (min) b.addFieldOffset(f.min, min, 0);
  if (max) b.addFieldOffset(f.max, max, 0);
  b.addFieldOffset(f.scale, scale, 0);
  b.addFieldOffset(f.zeroPoint, zeroPoint, 0);
  b.addFieldInt32(f.quantizedDimension, q.quantizedDimension, 0);
  return b.endObject();
}

function writeTensor(b: Builder, t: TfliteTensor): Offset {
  const shape = int32Vector(b, t.shape);
  const name = b.createString(t.name);
  const quant = t.quant ? writeQuant(b, t.quant) : 0;
  let sparsity = 0;
  if (t.sparse) {
    // The sparsity parameters are not decoded; an empty table preserves the "is sparse" flag.
    b.startObject(NUM_FIELDS.SparsityParameters);
    sparsity = b.endObject();
  }
  const f = F.Tensor;
  b.startObject(NUM_FIELDS.Tensor);
  b.addFieldOffset(f.shape, shape, 0);
  b.addFieldInt8(f.type, tensorTypeCode(t.type), 0);
  b.addFieldInt32(f.buffer, t.buffer, 0);
  b.addFieldOffset(f.name, name, 0);
  if (quant) b.addFieldOffset(f.quantization, quant, 0);
  b.addFieldInt8(f.isVariable, t.isVariable ? 1 : 0, 0);
  if (sparsity) b.addFieldOffset(f.sparsity, sparsity, 0);
  return b.endObject();
}

const pad = (p: string): number => PADDINGS.indexOf(p as never);
const act = (a: string): number => ACTIVATIONS.indexOf(a as never);

/** Writes the options table of union type `type` (an empty table for types tinyfit does not decode). */
function writeOptions(b: Builder, type: number, options: TfliteOptions): Offset {
  switch (type) {
    case OPT.Conv2DOptions: {
      const o = options as Conv2DOptions;
      const f = F.Conv2DOptions;
      b.startObject(NUM_FIELDS.Conv2DOptions);
      b.addFieldInt8(f.padding, pad(o.padding), 0);
      b.addFieldInt32(f.strideW, o.strideW, 0);
      b.addFieldInt32(f.strideH, o.strideH, 0);
      b.addFieldInt8(f.fusedActivationFunction, act(o.fusedActivationFunction), 0);
      b.addFieldInt32(f.dilationWFactor, o.dilationWFactor, 1);
      b.addFieldInt32(f.dilationHFactor, o.dilationHFactor, 1);
      return b.endObject();
    }
    case OPT.DepthwiseConv2DOptions: {
      const o = options as DepthwiseConv2DOptions;
      const f = F.DepthwiseConv2DOptions;
      b.startObject(NUM_FIELDS.DepthwiseConv2DOptions);
      b.addFieldInt8(f.padding, pad(o.padding), 0);
      b.addFieldInt32(f.strideW, o.strideW, 0);
      b.addFieldInt32(f.strideH, o.strideH, 0);
      b.addFieldInt32(f.depthMultiplier, o.depthMultiplier, 0);
      b.addFieldInt8(f.fusedActivationFunction, act(o.fusedActivationFunction), 0);
      b.addFieldInt32(f.dilationWFactor, o.dilationWFactor, 1);
      b.addFieldInt32(f.dilationHFactor, o.dilationHFactor, 1);
      return b.endObject();
    }
    case OPT.Pool2DOptions: {
      const o = options as Pool2DOptions;
      const f = F.Pool2DOptions;
      b.startObject(NUM_FIELDS.Pool2DOptions);
      b.addFieldInt8(f.padding, pad(o.padding), 0);
      b.addFieldInt32(f.strideW, o.strideW, 0);
      b.addFieldInt32(f.strideH, o.strideH, 0);
      b.addFieldInt32(f.filterWidth, o.filterWidth, 0);
      b.addFieldInt32(f.filterHeight, o.filterHeight, 0);
      b.addFieldInt8(f.fusedActivationFunction, act(o.fusedActivationFunction), 0);
      return b.endObject();
    }
    case OPT.FullyConnectedOptions: {
      const o = options as FullyConnectedOptions;
      const f = F.FullyConnectedOptions;
      b.startObject(NUM_FIELDS.FullyConnectedOptions);
      b.addFieldInt8(f.fusedActivationFunction, act(o.fusedActivationFunction), 0);
      b.addFieldInt8(f.weightsFormat, o.weightsFormat, 0);
      b.addFieldInt8(f.keepNumDims, o.keepNumDims ? 1 : 0, 0);
      b.addFieldInt8(f.asymmetricQuantizeInputs, o.asymmetricQuantizeInputs ? 1 : 0, 0);
      return b.endObject();
    }
    case OPT.SoftmaxOptions:
      b.startObject(NUM_FIELDS.SoftmaxOptions);
      b.addFieldFloat32(F.SoftmaxOptions.beta, (options as SoftmaxOptions).beta, 0);
      return b.endObject();
    case OPT.ConcatenationOptions: {
      const o = options as ConcatenationOptions;
      b.startObject(NUM_FIELDS.ConcatenationOptions);
      b.addFieldInt32(F.ConcatenationOptions.axis, o.axis, 0);
      b.addFieldInt8(F.ConcatenationOptions.fusedActivationFunction, act(o.fusedActivationFunction), 0);
      return b.endObject();
    }
    case OPT.AddOptions:
    case OPT.SubOptions:
    case OPT.MulOptions:
      b.startObject(NUM_FIELDS.ActivationOptions);
      b.addFieldInt8(F.ActivationOptions.fusedActivationFunction, act((options as ActivationOptions).fusedActivationFunction), 0);
      return b.endObject();
    case OPT.ReshapeOptions: {
      const o = options as ReshapeOptions;
      const newShape = o.newShape ? int32Vector(b, o.newShape) : 0;
      b.startObject(NUM_FIELDS.ReshapeOptions);
      if (newShape) b.addFieldOffset(F.ReshapeOptions.newShape, newShape, 0);
      return b.endObject();
    }
    case OPT.SqueezeOptions: {
      const dims = int32Vector(b, (options as SqueezeOptions).squeezeDims ?? []);
      b.startObject(NUM_FIELDS.SqueezeOptions);
      b.addFieldOffset(F.SqueezeOptions.squeezeDims, dims, 0);
      return b.endObject();
    }
    case OPT.LeakyReluOptions:
      b.startObject(NUM_FIELDS.LeakyReluOptions);
      b.addFieldFloat32(F.LeakyReluOptions.alpha, (options as LeakyReluOptions).alpha, 0);
      return b.endObject();
    case OPT.ReducerOptions:
      b.startObject(NUM_FIELDS.ReducerOptions);
      b.addFieldInt8(F.ReducerOptions.keepDims, (options as ReducerOptions).keepDims ? 1 : 0, 0);
      return b.endObject();
    default:
      b.startObject(0);
      return b.endObject();
  }
}

function writeOperator(b: Builder, op: TfliteOperator): Offset {
  const inputs = int32Vector(b, op.inputs);
  const outputs = int32Vector(b, op.outputs);
  const options = op.optionsType !== OPT.NONE ? writeOptions(b, op.optionsType, op.options) : 0;
  const f = F.Operator;
  b.startObject(NUM_FIELDS.Operator);
  b.addFieldInt32(f.opcodeIndex, op.opcodeIndex, 0);
  b.addFieldOffset(f.inputs, inputs, 0);
  b.addFieldOffset(f.outputs, outputs, 0);
  // A ubyte in the schema: addFieldInt8 stores the low 8 bits, which read back unsigned.
  b.addFieldInt8(f.builtinOptionsType, op.optionsType, 0);
  if (options) b.addFieldOffset(f.builtinOptions, options, 0);
  return b.endObject();
}

function writeSubgraph(b: Builder, sg: TfliteSubgraph): Offset {
  const tensors = offsetVector(b, sg.tensors.map((t) => writeTensor(b, t)));
  const inputs = int32Vector(b, sg.inputs);
  const outputs = int32Vector(b, sg.outputs);
  const operators = offsetVector(b, sg.operators.map((op) => writeOperator(b, op)));
  const name = b.createString(sg.name);
  const f = F.SubGraph;
  b.startObject(NUM_FIELDS.SubGraph);
  b.addFieldOffset(f.tensors, tensors, 0);
  b.addFieldOffset(f.inputs, inputs, 0);
  b.addFieldOffset(f.outputs, outputs, 0);
  b.addFieldOffset(f.operators, operators, 0);
  b.addFieldOffset(f.name, name, 0);
  return b.endObject();
}

/**
 * Encodes a model as a .tflite flatbuffer (schema version 3, file identifier "TFL3").
 *
 * Operator codes get both `deprecated_builtin_code` (min(code, 127)) and `builtin_code`; buffer data is
 * written as 16-byte-aligned data vectors; decoded builtin options are re-encoded (fields equal to the schema
 * default are omitted, as flatbuffers does). Tensor `data` is not written: it mirrors `buffers[tensor.buffer]`.
 *
 * @param model A model as readTflite returns it (or as tests/helpers/tfliteBuild.ts builds it).
 * @returns The file bytes (a fresh array).
 */
export function writeTflite(model: TfliteModel): Uint8Array {
  const dataBytes = model.buffers.reduce((a, d) => a + d.length + 32, 0);
  const b = new flatbuffers.Builder(dataBytes + 4096);
  // Buffers first: they end up at the end of the file, after all tables, as TFLite's converter lays them out.
  const buffers = offsetVector(b, model.buffers.map((d) => writeBuffer(b, d)));
  const metadata = offsetVector(
    b,
    model.metadata.map((m) => {
      const name = b.createString(m.name);
      b.startObject(NUM_FIELDS.Metadata);
      b.addFieldOffset(F.Metadata.name, name, 0);
      b.addFieldInt32(F.Metadata.buffer, m.buffer, 0);
      return b.endObject();
    }),
  );
  const subgraphs = offsetVector(b, model.subgraphs.map((sg) => writeSubgraph(b, sg)));
  const codes = offsetVector(
    b,
    model.operatorCodes.map((c) => {
      const custom = c.customCode !== undefined ? b.createString(c.customCode) : 0;
      const f = F.OperatorCode;
      b.startObject(NUM_FIELDS.OperatorCode);
      b.addFieldInt8(f.deprecatedBuiltinCode, Math.min(c.builtinCode, PLACEHOLDER_FOR_GREATER_OP_CODES), 0);
      if (custom) b.addFieldOffset(f.customCode, custom, 0);
      b.addFieldInt32(f.version, c.version, 1);
      b.addFieldInt32(f.builtinCode, c.builtinCode, 0);
      return b.endObject();
    }),
  );
  const description = b.createString(model.description);
  const f = F.Model;
  b.startObject(NUM_FIELDS.Model);
  b.addFieldInt32(f.version, model.version, 0);
  b.addFieldOffset(f.operatorCodes, codes, 0);
  b.addFieldOffset(f.subgraphs, subgraphs, 0);
  b.addFieldOffset(f.description, description, 0);
  b.addFieldOffset(f.buffers, buffers, 0);
  b.addFieldOffset(f.metadata, metadata, 0);
  b.finish(b.endObject(), FILE_IDENTIFIER);
  return b.asUint8Array().slice();
}
