/**
 * Writes a `TfliteModel` as a TFLite flatbuffer (schema version 3, identifier "TFL3"): everything readTflite
 * decodes, so readTflite(writeTflite(m)) equals m for any model readTflite returned. Option tables tinyfit does
 * not decode are written empty (their type code is kept); custom options and signature defs are not written.
 */

import * as flatbuffers from 'flatbuffers';
import type {
  TfliteActivation,
  TfliteModel,
  TfliteOperator,
  TfliteOptions,
  TflitePadding,
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
import { DECODED_OPTIONS } from './options';
import type { OptionField } from './optionFields';

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

/**
 * Adds field `f` holding decoded value `v` (a vector field: its vector `vec`, made before the table), omitted
 * as flatbuffers does when it equals the schema default.
 */
function addField(b: Builder, f: OptionField, v: unknown, vec: Offset | undefined): void {
  switch (f.kind) {
    case 'int32':
      return b.addFieldInt32(f.id, v as number, f.default);
    case 'float32':
      return b.addFieldFloat32(f.id, v as number, f.default);
    case 'weightsFormat':
      return b.addFieldInt8(f.id, v as number, f.default);
    case 'bool':
      return b.addFieldInt8(f.id, v ? 1 : 0, f.default ? 1 : 0);
    case 'padding':
      return b.addFieldInt8(f.id, PADDINGS.indexOf(v as TflitePadding), PADDINGS.indexOf(f.default));
    case 'activation':
      return b.addFieldInt8(f.id, ACTIVATIONS.indexOf(v as TfliteActivation), ACTIVATIONS.indexOf(f.default));
    case 'int32[]':
      if (vec) b.addFieldOffset(f.id, vec, 0);
  }
}

/**
 * Writes the options table of union type `type` as DECODED_OPTIONS describes it, fields in id order (an empty
 * table for types tinyfit does not decode). A vector field is written unless both it and its default are
 * undefined (so SqueezeOptions always gets squeeze_dims, ReshapeOptions new_shape only when set).
 */
function writeOptions(b: Builder, type: number, options: TfliteOptions): Offset {
  const table = DECODED_OPTIONS.get(type);
  if (!table) {
    b.startObject(0);
    return b.endObject();
  }
  const o = options as Record<string, unknown>;
  // Vectors first: the Builder cannot create one while a table is open.
  const vectors = new Map<OptionField, Offset>();
  for (const f of table.fields) {
    if (f.kind !== 'int32[]') continue;
    const v = (o[f.name] as number[] | undefined) ?? f.default;
    if (v) vectors.set(f, int32Vector(b, v));
  }
  b.startObject(table.slots);
  for (const f of [...table.fields].sort((x, y) => x.id - y.id)) addField(b, f, o[f.name], vectors.get(f));
  return b.endObject();
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
