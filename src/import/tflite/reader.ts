/**
 * Reads a TFLite flatbuffer (schema version 3) into the plain `TfliteModel` of model.ts.
 *
 * The file is untrusted: it may be truncated or corrupted anywhere. Every offset, vtable, vector, string and
 * scalar is bounds-checked before it is read (flatbuffers' ByteBuffer does no checking), vector lengths are
 * checked against the bytes that remain, cross-references (opcode, tensor and buffer indices) are validated,
 * and a work budget proportional to the file size stops files whose tables overlap from multiplying the
 * decoding work (e.g. 10^5 tensors all pointing at one tensor table with a 10^5-element shape). The schema
 * nests tables to a fixed depth, so decoding never recurses on file contents. Every problem is reported as a
 * one-line TinyfitError: `<where>: <what> (<location>)`.
 */

import { ByteBuffer } from 'flatbuffers';
import { TinyfitError } from '../../errors';
import type {
  TfliteMetadata,
  TfliteModel,
  TfliteOperator,
  TfliteOperatorCode,
  TfliteOptions,
  TfliteQuant,
  TfliteSubgraph,
  TfliteTensor,
} from './model';
import {
  ACTIVATIONS,
  BUILTIN_OPERATOR_NAMES,
  CUSTOM_OPERATOR_CODE,
  F,
  FILE_IDENTIFIER,
  OPT,
  PADDINGS,
  SCHEMA_VERSION,
  TENSOR_TYPE_BYTES,
  tensorTypeName,
} from './schema';
import { DECODED_OPTIONS, defaultOptions, fieldDefault } from './options';
import type { OptionField } from './optionFields';

/** A table located in the file: its position, its vtable and their sizes (all validated). */
interface Table {
  pos: number;
  vt: number;
  vtSize: number;
  size: number;
}

/** A vector located in the file: first element position and element count (validated against the file). */
interface Vec {
  start: number;
  n: number;
}

const utf8 = new TextDecoder('utf-8', { fatal: false });

/** Quotes a name from the file for an error message: control characters escaped, long names shortened. */
function quote(s: string): string {
  // eslint-disable-next-line no-control-regex
  let t = s.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  if (t.length > 80) t = `${t.slice(0, 77)}...`;
  return `'${t}'`;
}

/** A shape for an error message (long shapes shortened, so a corrupt file cannot make a huge message). */
function fmtShape(shape: number[]): string {
  return shape.length <= 8 ? `[${shape.join(', ')}]` : `[${shape.slice(0, 8).join(', ')}, ... ${shape.length} dims]`;
}

/** Bounds-checked reads over one file; every failure becomes a one-line TinyfitError. */
class FlatReader {
  private readonly bb: ByteBuffer;
  readonly len: number;
  private work = 0;
  private readonly maxWork: number;
  /** Set when the file has no identifier, so errors say the file may not be a TFLite model at all. */
  noIdentifier = false;

  constructor(
    readonly bytes: Uint8Array,
    private readonly where: string,
  ) {
    this.bb = new ByteBuffer(bytes);
    this.len = bytes.length;
    // A well-formed file decodes each byte about once (plus the copies of tensor data); 4x is ample.
    this.maxWork = 4 * this.len + (1 << 20);
  }

  fail(what: string, loc: string, pos?: number): never {
    const prefix = this.noIdentifier ? `not a TFLite model, no '${FILE_IDENTIFIER}' file identifier: ` : '';
    const at = pos === undefined ? loc : `${loc}, byte offset ${pos}`;
    throw new TinyfitError(`${this.where}: ${prefix}${what} (${at})`);
  }

  /** Counts decoding work; fails once the budget for this file size is exceeded. */
  charge(units: number, loc: string, pos: number): void {
    this.work += units;
    if (this.work > this.maxWork) this.fail('corrupt file: its tables overlap so much that decoding exceeds the work limit for its size', loc, pos);
  }

  /** Fails unless bytes [pos, pos + n) lie inside the file. */
  need(pos: number, n: number, what: string, loc: string): void {
    if (pos < 0 || pos + n > this.len) this.fail(`${what} runs past the end of the file of ${this.len} bytes`, loc, pos);
  }

  u32At(pos: number): number {
    return this.bb.readUint32(pos);
  }

  /** The table at `pos`, with its vtable validated. */
  table(pos: number, loc: string): Table {
    this.charge(4, loc, pos);
    this.need(pos, 4, 'table', loc);
    const vt = pos - this.bb.readInt32(pos);
    if (vt < 0 || vt + 4 > this.len) this.fail(`vtable offset points outside the file, to ${vt}`, loc, pos);
    const vtSize = this.bb.readUint16(vt);
    const size = this.bb.readUint16(vt + 2);
    if (vtSize < 4 || vt + vtSize > this.len) this.fail(`invalid vtable of ${vtSize} bytes`, loc, vt);
    if (size < 4 || pos + size > this.len) this.fail(`table of ${size} bytes runs past the end of the file`, loc, pos);
    return { pos, vt, vtSize, size };
  }

  /** Absolute position of field `id` (of `width` bytes) in table `t`, or 0 when the field is absent. */
  field(t: Table, id: number, width: number, loc: string): number {
    const slot = 4 + 2 * id;
    if (slot + 2 > t.vtSize) return 0;
    const fo = this.bb.readUint16(t.vt + slot);
    if (fo === 0) return 0;
    if (fo < 4 || fo + width > t.size) this.fail(`field ${id} lies outside its table`, loc, t.pos);
    return t.pos + fo;
  }

  u8(t: Table, id: number, def: number, loc: string): number {
    const p = this.field(t, id, 1, loc);
    return p ? this.bb.readUint8(p) : def;
  }

  i8(t: Table, id: number, def: number, loc: string): number {
    const p = this.field(t, id, 1, loc);
    return p ? this.bb.readInt8(p) : def;
  }

  bool(t: Table, id: number, loc: string): boolean {
    return this.u8(t, id, 0, loc) !== 0;
  }

  i32(t: Table, id: number, def: number, loc: string): number {
    const p = this.field(t, id, 4, loc);
    return p ? this.bb.readInt32(p) : def;
  }

  u32(t: Table, id: number, def: number, loc: string): number {
    const p = this.field(t, id, 4, loc);
    return p ? this.bb.readUint32(p) : def;
  }

  f32(t: Table, id: number, def: number, loc: string): number {
    const p = this.field(t, id, 4, loc);
    return p ? this.bb.readFloat32(p) : def;
  }

  /** An unsigned 64-bit field as a number (exact up to 2^53; larger values only matter as "too large"). */
  u64(t: Table, id: number, loc: string): number {
    const p = this.field(t, id, 8, loc);
    return p ? this.bb.readUint32(p) + this.bb.readUint32(p + 4) * 4294967296 : 0;
  }

  /** Target position of the offset field `id`, or 0 when absent. */
  ref(t: Table, id: number, loc: string): number {
    const p = this.field(t, id, 4, loc);
    if (!p) return 0;
    return this.follow(p, loc);
  }

  /** Follows the uoffset stored at `p`. */
  follow(p: number, loc: string): number {
    const target = p + this.bb.readUint32(p);
    if (target + 4 > this.len) this.fail(`offset points past the end of the file, to ${target}`, loc, p);
    return target;
  }

  subtable(t: Table, id: number, loc: string): Table | undefined {
    const p = this.ref(t, id, loc);
    return p ? this.table(p, loc) : undefined;
  }

  /** Vector field `id` with elements of `elemSize` bytes, or undefined when absent. */
  vector(t: Table, id: number, elemSize: number, loc: string): Vec | undefined {
    const p = this.ref(t, id, loc);
    if (!p) return undefined;
    const n = this.bb.readUint32(p);
    this.need(p + 4, n * elemSize, `vector of ${n} elements`, loc);
    // Byte vectors are cheap per element (strings, data); element-wise vectors cost one unit each.
    this.charge(elemSize === 1 ? Math.ceil(n / 32) : n, loc, p);
    return { start: p + 4, n };
  }

  /** Element `i` of a vector of tables. */
  tableAt(v: Vec, i: number, loc: string): Table {
    return this.table(this.follow(v.start + 4 * i, loc), loc);
  }

  /** Tables of vector field `id` ([] when absent), each decoded by `fn`. */
  tables<T>(t: Table, id: number, loc: string, fn: (t: Table, i: number) => T): T[] {
    const v = this.vector(t, id, 4, loc);
    const out: T[] = [];
    if (v) for (let i = 0; i < v.n; i++) out.push(fn(this.tableAt(v, i, `${loc} ${i}`), i));
    return out;
  }

  int32s(t: Table, id: number, loc: string): number[] | undefined {
    const v = this.vector(t, id, 4, loc);
    if (!v) return undefined;
    const out = new Array<number>(v.n);
    for (let i = 0; i < v.n; i++) out[i] = this.bb.readInt32(v.start + 4 * i);
    return out;
  }

  float32s(t: Table, id: number, loc: string): number[] | undefined {
    const v = this.vector(t, id, 4, loc);
    if (!v) return undefined;
    const out = new Array<number>(v.n);
    for (let i = 0; i < v.n; i++) out[i] = this.bb.readFloat32(v.start + 4 * i);
    return out;
  }

  /** Signed 64-bit integers as numbers (exact within ±2^53). */
  int64s(t: Table, id: number, loc: string): number[] | undefined {
    const v = this.vector(t, id, 8, loc);
    if (!v) return undefined;
    const out = new Array<number>(v.n);
    for (let i = 0; i < v.n; i++) {
      const p = v.start + 8 * i;
      out[i] = this.bb.readInt32(p + 4) * 4294967296 + this.bb.readUint32(p);
    }
    return out;
  }

  /** String field `id` (UTF-8, invalid sequences replaced), or undefined when absent. */
  string(t: Table, id: number, loc: string): string | undefined {
    const v = this.vector(t, id, 1, loc);
    return v ? utf8.decode(this.bytes.subarray(v.start, v.start + v.n)) : undefined;
  }

  /** A fresh copy (own ArrayBuffer, offset 0, so aligned) of bytes [start, start + n). */
  copy(start: number, n: number, loc: string): Uint8Array {
    this.charge(Math.ceil(n / 32), loc, start);
    const out = new Uint8Array(n);
    out.set(this.bytes.subarray(start, start + n));
    return out;
  }
}

/**
 * Decodes a .tflite file (TFLite flatbuffer, schema version 3) into a `TfliteModel`: operator codes, every
 * subgraph (tensors with quantization and constant data, operators with their decoded builtin options),
 * buffers and metadata. The bytes are fully validated (see the module comment).
 *
 * @param bytes The file contents.
 * @param where Prefix of error messages (usually the file path).
 * @returns The decoded model; tensor `data` and `buffers` are copies, independent of `bytes`.
 * @throws TinyfitError with a one-line message `<where>: <what is wrong> (<location in the file>)` for any
 *   truncated, corrupt or unsupported file; nothing else is thrown.
 */
export function readTflite(bytes: Uint8Array, where = 'model'): TfliteModel {
  const r = new FlatReader(bytes, where);
  if (bytes.length < 8) r.fail(`file too small to be a TFLite model: ${bytes.length} bytes`, 'byte offset 0');
  const ident = String.fromCharCode(bytes[4], bytes[5], bytes[6], bytes[7]);
  if (ident !== FILE_IDENTIFIER) {
    // Without an identifier, bytes 4..8 belong to the root vtable or table: 4 printable characters there would
    // make an impossible vtable size or table offset, so they are a (wrong) identifier.
    if (/^[\x20-\x7e]{4}$/.test(ident)) r.fail(`not a TFLite model: file identifier '${ident}', expected '${FILE_IDENTIFIER}'`, 'byte offset 4');
    r.noIdentifier = true;
  }
  const root = r.table(r.follow(0, 'root table offset'), 'model table');
  const version = r.u32(root, F.Model.version, 0, 'model version');
  if (version !== SCHEMA_VERSION) r.fail(`unsupported TFLite schema version ${version}; tinyfit reads version ${SCHEMA_VERSION}`, 'model version');

  const buffers = readBuffers(r, root);
  const operatorCodes = r.tables(root, F.Model.operatorCodes, 'operator code', (t, i) => readOperatorCode(r, t, `operator code ${i}`));
  const subgraphs = r.tables(root, F.Model.subgraphs, 'subgraph', (t, i) => readSubgraph(r, t, i, operatorCodes.length, buffers));
  if (subgraphs.length === 0) r.fail('the model has no subgraphs', 'model table');
  const description = r.string(root, F.Model.description, 'model description') ?? '';
  const metadata = r.tables(root, F.Model.metadata, 'metadata', (t, i): TfliteMetadata => {
    const name = r.string(t, F.Metadata.name, `metadata ${i}`) ?? '';
    const loc = `metadata ${i} ${quote(name)}`;
    const buffer = r.u32(t, F.Metadata.buffer, 0, loc);
    if (buffer >= buffers.length) r.fail(`buffer index ${buffer} out of range: the model has ${buffers.length} buffers`, loc);
    return { name, buffer };
  });
  return { version, description, operatorCodes, subgraphs, buffers, metadata };
}

/** Model.buffers: each a data vector, or (files > 2 GB) an offset/size pair into the file when offset > 1. */
function readBuffers(r: FlatReader, root: Table): Uint8Array[] {
  return r.tables(root, F.Model.buffers, 'buffer', (t, i) => {
    const loc = `buffer ${i}`;
    const offset = r.u64(t, F.Buffer.offset, loc);
    if (offset > 1) {
      const size = r.u64(t, F.Buffer.size, loc);
      r.need(offset, size, `buffer data of ${size} bytes`, loc);
      return r.copy(offset, size, loc);
    }
    const v = r.vector(t, F.Buffer.data, 1, loc);
    return v ? r.copy(v.start, v.n, loc) : new Uint8Array(0);
  });
}

function readOperatorCode(r: FlatReader, t: Table, loc: string): TfliteOperatorCode {
  const deprecated = r.i8(t, F.OperatorCode.deprecatedBuiltinCode, 0, loc);
  const extended = r.i32(t, F.OperatorCode.builtinCode, 0, loc);
  const builtinCode = Math.max(deprecated, extended);
  if (builtinCode < 0) r.fail(`invalid builtin operator code ${builtinCode}`, loc);
  const version = r.i32(t, F.OperatorCode.version, 1, loc);
  const customCode = r.string(t, F.OperatorCode.customCode, loc);
  let name: string;
  if (builtinCode === CUSTOM_OPERATOR_CODE) {
    if (customCode === undefined) r.fail('custom operator without a custom_code', loc);
    name = `CUSTOM:${customCode}`;
  } else {
    name = BUILTIN_OPERATOR_NAMES.get(builtinCode) ?? `UNKNOWN(${builtinCode})`;
  }
  const code: TfliteOperatorCode = { builtinCode, name, version };
  if (customCode !== undefined) code.customCode = customCode;
  return code;
}

/** Fails unless every index is a tensor of the subgraph (−1, an omitted input, when `optional`). */
function checkTensorIndices(r: FlatReader, idx: number[], nTensors: number, optional: boolean, what: string, loc: string): void {
  for (const i of idx) {
    if (i >= nTensors || i < (optional ? -1 : 0)) r.fail(`${what} tensor index ${i} out of range: the subgraph has ${nTensors} tensors`, loc);
  }
}

function readSubgraph(r: FlatReader, t: Table, s: number, nCodes: number, buffers: Uint8Array[]): TfliteSubgraph {
  const loc = `subgraph ${s}`;
  const name = r.string(t, F.SubGraph.name, loc) ?? '';
  const tensors = r.tables(t, F.SubGraph.tensors, `${loc} tensor`, (tt, i) => readTensor(r, tt, `${loc} tensor ${i}`, i, buffers));
  const inputs = r.int32s(t, F.SubGraph.inputs, `${loc} inputs`) ?? [];
  checkTensorIndices(r, inputs, tensors.length, false, 'input', loc);
  const outputs = r.int32s(t, F.SubGraph.outputs, `${loc} outputs`) ?? [];
  checkTensorIndices(r, outputs, tensors.length, false, 'output', loc);
  const operators = r.tables(t, F.SubGraph.operators, `${loc} operator`, (ot, i) => {
    const op = readOperator(r, ot, `${loc} operator ${i}`, i);
    if (op.opcodeIndex >= nCodes) r.fail(`opcode index ${op.opcodeIndex} out of range: the model has ${nCodes} operator codes`, `${loc} operator ${i}`);
    checkTensorIndices(r, op.inputs, tensors.length, true, 'input', `${loc} operator ${i}`);
    checkTensorIndices(r, op.outputs, tensors.length, false, 'output', `${loc} operator ${i}`);
    return op;
  });
  return { name, tensors, inputs, outputs, operators };
}

function readTensor(r: FlatReader, t: Table, base: string, index: number, buffers: Uint8Array[]): TfliteTensor {
  const name = r.string(t, F.Tensor.name, base) ?? '';
  const loc = `${base} ${quote(name)}`;
  const shape = r.int32s(t, F.Tensor.shape, loc) ?? [];
  for (const d of shape) if (d < 0) r.fail(`negative dimension in shape ${fmtShape(shape)}`, loc);
  const type = tensorTypeName(r.i8(t, F.Tensor.type, 0, loc));
  const buffer = r.u32(t, F.Tensor.buffer, 0, loc);
  // A model without any buffer can still have tensors that name the (missing) sentinel buffer 0.
  if (buffer >= buffers.length && !(buffer === 0 && buffers.length === 0)) {
    r.fail(`buffer index ${buffer} out of range: the model has ${buffers.length} buffers`, loc);
  }
  const isVariable = r.bool(t, F.Tensor.isVariable, loc);
  const sparse = r.ref(t, F.Tensor.sparsity, loc) !== 0;
  const tensor: TfliteTensor = { index, name, shape, type, buffer, isVariable, sparse };
  const bytes = buffers[buffer];
  if (bytes && bytes.length > 0) {
    const width = TENSOR_TYPE_BYTES[type];
    if (width !== undefined && !sparse) {
      const need = shape.reduce((a, d) => a * d, 1) * width;
      if (need !== bytes.length) r.fail(`constant data has ${bytes.length} bytes, but shape ${fmtShape(shape)} of ${type} needs ${need}`, loc);
    }
    tensor.data = copyOf(r, bytes, loc);
  }
  const q = r.subtable(t, F.Tensor.quantization, loc);
  if (q) {
    const quant = readQuant(r, q, shape, `${loc} quantization`);
    if (quant) tensor.quant = quant;
  }
  return tensor;
}

/** A fresh copy of a decoded buffer (tensors sharing a buffer get separate copies), charged to the budget. */
function copyOf(r: FlatReader, bytes: Uint8Array, loc: string): Uint8Array {
  r.charge(Math.ceil(bytes.length / 32), loc, 0);
  return bytes.slice();
}

/** Affine quantization; undefined when the table holds no scale, zero point, min or max. */
function readQuant(r: FlatReader, q: Table, shape: number[], loc: string): TfliteQuant | undefined {
  const min = r.float32s(q, F.Quantization.min, loc);
  const max = r.float32s(q, F.Quantization.max, loc);
  const scale = r.float32s(q, F.Quantization.scale, loc) ?? [];
  const zeroPoint = r.int64s(q, F.Quantization.zeroPoint, loc) ?? [];
  const quantizedDimension = r.i32(q, F.Quantization.quantizedDimension, 0, loc);
  if (scale.length === 0 && zeroPoint.length === 0 && !min?.length && !max?.length) return undefined;
  if (zeroPoint.length !== 0 && zeroPoint.length !== scale.length) {
    r.fail(`${zeroPoint.length} zero points for ${scale.length} scales`, loc);
  }
  for (const s of scale) if (!Number.isFinite(s)) r.fail(`non-finite scale ${s}`, loc);
  if (scale.length > 1) {
    if (quantizedDimension < 0 || quantizedDimension >= shape.length) {
      r.fail(`quantized dimension ${quantizedDimension} outside shape ${fmtShape(shape)}`, loc);
    }
    if (shape[quantizedDimension] !== scale.length) {
      r.fail(`${scale.length} scales, but dimension ${quantizedDimension} of shape ${fmtShape(shape)} has ${shape[quantizedDimension]} slices`, loc);
    }
  }
  const quant: TfliteQuant = { scale, zeroPoint, quantizedDimension };
  if (min?.length) quant.min = min;
  if (max?.length) quant.max = max;
  return quant;
}

function readOperator(r: FlatReader, t: Table, loc: string, index: number): TfliteOperator {
  const opcodeIndex = r.u32(t, F.Operator.opcodeIndex, 0, loc);
  const inputs = r.int32s(t, F.Operator.inputs, loc) ?? [];
  const outputs = r.int32s(t, F.Operator.outputs, loc) ?? [];
  const optionsType = r.u8(t, F.Operator.builtinOptionsType, 0, loc);
  const table = optionsType === OPT.NONE ? undefined : r.subtable(t, F.Operator.builtinOptions, loc);
  const options = table ? readOptions(r, table, optionsType, `${loc} options`) : defaultOptions(optionsType);
  return { index, opcodeIndex, inputs, outputs, optionsType, options };
}

/** Decodes field `f` of options table `t`: its schema default when absent (undefined: leave the key out). */
function readField(r: FlatReader, t: Table, f: OptionField, loc: string): unknown {
  switch (f.kind) {
    case 'int32':
      return r.i32(t, f.id, f.default, loc);
    case 'float32':
      return r.f32(t, f.id, f.default, loc);
    case 'bool':
      return r.u8(t, f.id, f.default ? 1 : 0, loc) !== 0;
    case 'padding': {
      const c = r.i8(t, f.id, PADDINGS.indexOf(f.default), loc);
      return PADDINGS[c] ?? r.fail(`invalid padding code ${c}`, loc);
    }
    case 'activation': {
      const c = r.i8(t, f.id, ACTIVATIONS.indexOf(f.default), loc);
      return ACTIVATIONS[c] ?? r.fail(`invalid fused activation code ${c}`, loc);
    }
    case 'weightsFormat': {
      const c = r.i8(t, f.id, f.default, loc);
      return c === 0 || c === 1 ? c : r.fail(`invalid weights format ${c}`, loc);
    }
    case 'int32[]':
      return r.int32s(t, f.id, loc) ?? fieldDefault(f);
  }
}

/** Decodes the builtin options table of union type `type` field by field, as DECODED_OPTIONS describes it. */
function readOptions(r: FlatReader, t: Table, type: number, loc: string): TfliteOptions {
  const out: Record<string, unknown> = {};
  for (const f of DECODED_OPTIONS.get(type)?.fields ?? []) {
    const v = readField(r, t, f, loc);
    if (v !== undefined) out[f.name] = v;
  }
  return out as TfliteOptions;
}
