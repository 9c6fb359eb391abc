/**
 * Minimal NumPy `.npy` reader and writer for the dtypes tinyfit exchanges with Python tooling:
 * `<f4` (float32), `|i1` (int8), `|u1` (uint8) and `<i4` (int32), C order only.
 *
 * Files are written with a version 1.0 header padded so the data starts on a 64-byte boundary, which is what
 * `numpy.save` produces. Reading also accepts version 2.0 and 3.0 headers (same layout, 4-byte header
 * length), since NumPy switches to them only for very large headers.
 *
 * @see https://numpy.org/doc/stable/reference/generated/numpy.lib.format.html
 */
import * as fs from 'fs';
import * as os from 'os';
import { TinyfitError } from '../errors';

/** The `descr` strings this module reads and writes. */
export type NpyDtype = '<f4' | '|i1' | '|u1' | '<i4';

/** Typed arrays that map one-to-one onto {@link NpyDtype}. */
export type NpyData = Float32Array | Int8Array | Uint8Array | Int32Array;

/** A decoded `.npy` array. `data` holds the elements in C (row-major) order. */
export interface NpyArray {
  data: NpyData;
  shape: number[];
  dtype: NpyDtype;
}

const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // "\x93NUMPY"
const ALIGN = 64;
const LITTLE_ENDIAN_HOST = os.endianness() === 'LE';

interface DtypeInfo {
  itemSize: number;
  make(n: number): NpyData;
  /** Reads element i from a little-endian DataView (used on big-endian hosts only). */
  get(view: DataView, byteOffset: number): number;
  /** Writes one element little-endian (used on big-endian hosts only). */
  set(view: DataView, byteOffset: number, value: number): void;
}

const DTYPES: Record<NpyDtype, DtypeInfo> = {
  '<f4': {
    itemSize: 4,
    make: (n) => new Float32Array(n),
    get: (v, o) => v.getFloat32(o, true),
    set: (v, o, x) => v.setFloat32(o, x, true),
  },
  '<i4': {
    itemSize: 4,
    make: (n) => new Int32Array(n),
    get: (v, o) => v.getInt32(o, true),
    set: (v, o, x) => v.setInt32(o, x, true),
  },
  '|i1': { itemSize: 1, make: (n) => new Int8Array(n), get: (v, o) => v.getInt8(o), set: (v, o, x) => v.setInt8(o, x) },
  '|u1': { itemSize: 1, make: (n) => new Uint8Array(n), get: (v, o) => v.getUint8(o), set: (v, o, x) => v.setUint8(o, x) },
};

/** Spellings NumPy may use for the one-byte types (byte order is meaningless for them). */
const DESCR_ALIASES: Record<string, NpyDtype> = {
  '<f4': '<f4',
  '<i4': '<i4',
  '|i1': '|i1',
  '<i1': '|i1',
  '>i1': '|i1',
  '=i1': '|i1',
  '|u1': '|u1',
  '<u1': '|u1',
  '>u1': '|u1',
  '=u1': '|u1',
};

function dtypeOf(data: NpyData): NpyDtype {
  if (data instanceof Float32Array) return '<f4';
  if (data instanceof Int32Array) return '<i4';
  if (data instanceof Int8Array) return '|i1';
  if (data instanceof Uint8Array) return '|u1';
  throw new TinyfitError('npy: unsupported array type (expected Float32Array, Int8Array, Uint8Array or Int32Array)');
}

function checkShape(shape: readonly number[], what: string): number {
  let n = 1;
  for (const d of shape) {
    if (!Number.isSafeInteger(d) || d < 0) throw new TinyfitError(`${what}: invalid dimension ${d} in shape [${shape.join(', ')}]`);
    n *= d;
  }
  if (!Number.isSafeInteger(n)) throw new TinyfitError(`${what}: shape [${shape.join(', ')}] is too large`);
  return n;
}

/**
 * Encodes an array as the bytes of a version 1.0 `.npy` file.
 *
 * @param data - elements in C order; the typed-array type selects the dtype
 * @param shape - array shape; its product must equal `data.length` (`[]` is a scalar holding one element)
 * @throws TinyfitError if the shape does not match the data or the header would not fit a v1.0 file
 */
export function encodeNpy(data: NpyData, shape: readonly number[]): Buffer {
  const dtype = dtypeOf(data);
  const n = checkShape(shape, 'npy');
  if (n !== data.length) {
    throw new TinyfitError(`npy: shape [${shape.join(', ')}] holds ${n} elements but the data has ${data.length}`);
  }
  const shapeStr = shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`;
  let header = `{'descr': '${dtype}', 'fortran_order': False, 'shape': ${shapeStr}, }`;
  // magic(6) + version(2) + header length(2) + header, padded with spaces and ended by '\n'.
  const unpadded = 10 + header.length + 1;
  header += ' '.repeat((ALIGN - (unpadded % ALIGN)) % ALIGN) + '\n';
  if (header.length > 0xffff) throw new TinyfitError(`npy: header too long for a v1.0 file (${header.length} bytes)`);

  const info = DTYPES[dtype];
  const out = Buffer.alloc(10 + header.length + n * info.itemSize);
  MAGIC.forEach((b, i) => (out[i] = b));
  out[6] = 1;
  out[7] = 0;
  out.writeUInt16LE(header.length, 8);
  out.write(header, 10, 'latin1');
  const start = 10 + header.length;
  if (LITTLE_ENDIAN_HOST || info.itemSize === 1) {
    Buffer.from(data.buffer, data.byteOffset, data.byteLength).copy(out, start);
  } else {
    const view = new DataView(out.buffer, out.byteOffset + start, n * info.itemSize);
    for (let i = 0; i < n; i++) info.set(view, i * info.itemSize, data[i]);
  }
  return out;
}

/**
 * Decodes the bytes of a `.npy` file.
 *
 * @param bytes - the whole file
 * @param name - how to name the source in error messages (usually the file path)
 * @returns a fresh, properly aligned typed array with the shape and dtype from the header
 * @throws TinyfitError on a bad magic string, unsupported version, malformed header, unsupported dtype,
 *   Fortran order, or a data section whose size does not match the shape
 */
export function decodeNpy(bytes: Uint8Array, name = '<buffer>'): NpyArray {
  const fail = (why: string): never => {
    throw new TinyfitError(`${name}: not a valid .npy file: ${why}`);
  };
  const unsupported = (why: string): never => {
    throw new TinyfitError(`${name}: unsupported .npy file: ${why}`);
  };
  if (bytes.length < 10 || MAGIC.some((b, i) => bytes[i] !== b)) fail('missing \\x93NUMPY magic string');
  const major = bytes[6];
  const lenBytes = major === 1 ? 2 : major === 2 || major === 3 ? 4 : unsupported(`format version ${major}.${bytes[7]}`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes.length < 8 + lenBytes) fail('truncated header');
  const headerLen = lenBytes === 2 ? view.getUint16(8, true) : view.getUint32(8, true);
  const start = 8 + lenBytes + headerLen;
  if (bytes.length < start) fail(`header claims ${headerLen} bytes but the file is only ${bytes.length} bytes long`);
  const header = Buffer.from(bytes.buffer, bytes.byteOffset + 8 + lenBytes, headerLen).toString(major === 3 ? 'utf8' : 'latin1');

  const descrM = /['"]descr['"]\s*:\s*['"]([^'"]*)['"]/.exec(header);
  const fortranM = /['"]fortran_order['"]\s*:\s*(True|False)/.exec(header);
  const shapeM = /['"]shape['"]\s*:\s*\(([^)]*)\)/.exec(header);
  if (!header.trimStart().startsWith('{') || !descrM || !fortranM || !shapeM) {
    fail(`malformed header ${JSON.stringify(header.trim())}`);
  }
  const descr = descrM![1];
  const dtype = DESCR_ALIASES[descr];
  if (!dtype) unsupported(`dtype '${descr}' (supported: <f4, |i1, |u1, <i4)`);
  if (fortranM![1] === 'True') unsupported('Fortran-order array (save it in C order)');
  const dims = shapeM![1].split(',').map((s) => s.trim()).filter((s) => s.length > 0);
  const shape = dims.map((s) => (/^\d+L?$/.test(s) ? parseInt(s, 10) : fail(`bad shape entry '${s}'`)));
  const n = checkShape(shape, name);

  const info = DTYPES[dtype];
  const expected = n * info.itemSize;
  const actual = bytes.length - start;
  if (actual !== expected) {
    fail(`shape [${shape.join(', ')}] of ${descr} needs ${expected} data bytes but the file has ${actual}`);
  }
  const data = info.make(n);
  if (LITTLE_ENDIAN_HOST || info.itemSize === 1) {
    new Uint8Array(data.buffer).set(bytes.subarray(start, start + expected));
  } else {
    const dv = new DataView(bytes.buffer, bytes.byteOffset + start, expected);
    for (let i = 0; i < n; i++) data[i] = info.get(dv, i * info.itemSize);
  }
  return { data, shape, dtype };
}

/**
 * Writes an array to a version 1.0 `.npy` file that `numpy.load` reads back unchanged.
 *
 * @param path - destination file (overwritten)
 * @param data - elements in C order; Float32Array → `<f4`, Int8Array → `|i1`, Uint8Array → `|u1`, Int32Array → `<i4`
 * @param shape - array shape; its product must equal `data.length`
 * @throws TinyfitError if the shape does not match the data or the file cannot be written
 */
export function writeNpy(path: string, data: NpyData, shape: number[]): void {
  let bytes: Buffer;
  try {
    bytes = encodeNpy(data, shape);
  } catch (e) {
    if (e instanceof TinyfitError) throw new TinyfitError(`${path}: ${e.message.replace(/^npy: /, '')}`);
    throw e;
  }
  try {
    fs.writeFileSync(path, bytes);
  } catch (e) {
    throw new TinyfitError(`${path}: cannot write: ${(e as Error).message}`);
  }
}

/**
 * Reads a `.npy` file holding `<f4`, `|i1`, `|u1` or `<i4` data in C order.
 *
 * @param path - the file to read
 * @returns the elements (as the matching typed array), the shape, and the dtype descriptor
 * @throws TinyfitError naming `path` if the file cannot be read or is malformed or unsupported
 */
export function readNpy(path: string): NpyArray {
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(path);
  } catch (e) {
    throw new TinyfitError(`${path}: cannot read: ${(e as Error).message}`);
  }
  return decodeNpy(bytes, path);
}
