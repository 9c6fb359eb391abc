import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { TinyfitError } from '../../src/errors';
import { decodeNpy, encodeNpy, NpyData, readNpy, writeNpy } from '../../src/io/npy';

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tinyfit-npy-'));
});
afterAll(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

/** Builds a .npy file by hand (magic, v1.0, header) so tests do not depend on the writer. */
function rawNpy(header: string, data: Uint8Array = new Uint8Array(0), version = [1, 0]): Buffer {
  const h = Buffer.from(header, 'latin1');
  const pre = Buffer.from([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, version[0], version[1], h.length & 0xff, h.length >> 8]);
  return Buffer.concat([pre, h, Buffer.from(data)]);
}

describe('npy round trip', () => {
  const cases: Array<[string, NpyData, number[], string]> = [
    ['float32', Float32Array.from([0, -1.5, 3.25, Math.PI, -0, 1e-30, 3.4e38, -7]), [2, 4], '<f4'],
    ['int8', Int8Array.from([-128, -1, 0, 1, 127, 5]), [3, 2], '|i1'],
    ['uint8', Uint8Array.from([0, 1, 128, 255, 7]), [5], '|u1'],
    ['int32', Int32Array.from([-2147483648, -1, 0, 1, 2147483647, 42, 7, 9, 11, 13, 17, 19]), [2, 3, 2, 1], '<i4'],
  ];

  it.each(cases)('%s', (_name, data, shape, descr) => {
    const file = path.join(dir, `${_name}.npy`);
    writeNpy(file, data, shape);
    const bytes = fs.readFileSync(file);
    // v1.0 header, data aligned to 64 bytes, header ends with a newline, as numpy.save writes it.
    expect(bytes[6]).toBe(1);
    expect(bytes[7]).toBe(0);
    const headerLen = bytes.readUInt16LE(8);
    expect((10 + headerLen) % 64).toBe(0);
    expect(bytes[10 + headerLen - 1]).toBe(0x0a);
    const header = bytes.subarray(10, 10 + headerLen).toString('latin1');
    expect(header).toContain(`'descr': '${descr}'`);
    expect(header).toContain(`'fortran_order': False`);

    const back = readNpy(file);
    expect(back.dtype).toBe(descr);
    expect(back.shape).toEqual(shape);
    expect(back.data.constructor).toBe(data.constructor);
    expect(Array.from(back.data)).toEqual(Array.from(data));
    if (back.data instanceof Float32Array) expect(Object.is(back.data[4], -0)).toBe(true);
  });

  it('writes 1-D shapes as a one-element tuple and scalars as ()', () => {
    const vec = encodeNpy(Uint8Array.from([1, 2, 3]), [3]);
    expect(vec.toString('latin1')).toContain("'shape': (3,)");
    const scalar = encodeNpy(Float32Array.from([2.5]), []);
    expect(scalar.toString('latin1')).toContain("'shape': ()");
    expect(decodeNpy(scalar)).toEqual({ data: Float32Array.from([2.5]), shape: [], dtype: '<f4' });
  });

  it('handles zero-size arrays and views into larger buffers', () => {
    const empty = decodeNpy(encodeNpy(new Int32Array(0), [0, 3]));
    expect(empty.shape).toEqual([0, 3]);
    expect(empty.data.length).toBe(0);
    const big = Float32Array.from([9, 1, 2, 3, 9]);
    const back = decodeNpy(encodeNpy(big.subarray(1, 4), [3]));
    expect(Array.from(back.data)).toEqual([1, 2, 3]);
  });

  it('reads a file written by NumPy (hand-built bytes, 16-byte aligned header)', () => {
    const header = "{'descr': '<i4', 'fortran_order': False, 'shape': (2, 2), }";
    const padded = header + ' '.repeat(((16 - ((10 + header.length + 1) % 16)) % 16)) + '\n';
    const file = path.join(dir, 'numpy.npy');
    fs.writeFileSync(file, rawNpy(padded, new Uint8Array(Int32Array.from([1, -2, 3, -4]).buffer)));
    const a = readNpy(file);
    expect(a.dtype).toBe('<i4');
    expect(a.shape).toEqual([2, 2]);
    expect(Array.from(a.data)).toEqual([1, -2, 3, -4]);
  });
});

describe('npy errors', () => {
  function expectBad(bytes: Buffer, pattern: RegExp): void {
    const file = path.join(dir, 'bad.npy');
    fs.writeFileSync(file, bytes);
    let err: unknown;
    try {
      readNpy(file);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(TinyfitError);
    expect((err as Error).message).toContain(file);
    expect((err as Error).message).toMatch(pattern);
  }

  it('rejects a malformed header', () => {
    expectBad(rawNpy("{'descr': '<f4', 'shape': (2,), }\n", new Uint8Array(8)), /malformed header/);
    expectBad(rawNpy('this is not a dict\n'), /malformed header/);
  });

  it('rejects a missing magic string', () => {
    expectBad(Buffer.from('PK\x03\x04 definitely not numpy', 'latin1'), /magic/);
  });

  it('rejects a header length past the end of the file', () => {
    const b = rawNpy("{'descr': '<f4', 'fortran_order': False, 'shape': (1,), }\n");
    expectBad(b.subarray(0, 20), /header claims/);
  });

  it('rejects unsupported dtypes, Fortran order and unknown versions', () => {
    expectBad(rawNpy("{'descr': '<f8', 'fortran_order': False, 'shape': (1,), }\n", new Uint8Array(8)), /unsupported \.npy file: dtype '<f8'/);
    expectBad(rawNpy("{'descr': '>f4', 'fortran_order': False, 'shape': (1,), }\n", new Uint8Array(4)), /unsupported \.npy file: dtype '>f4'/);
    expectBad(rawNpy("{'descr': '<f4', 'fortran_order': True, 'shape': (2, 2), }\n", new Uint8Array(16)), /Fortran/);
    expectBad(rawNpy("{'descr': '<f4', 'fortran_order': False, 'shape': (1,), }\n", new Uint8Array(4), [9, 0]), /format version 9\.0/);
  });

  it('rejects a data section that does not match the shape', () => {
    expectBad(rawNpy("{'descr': '<f4', 'fortran_order': False, 'shape': (3,), }\n", new Uint8Array(8)), /needs 12 data bytes but the file has 8/);
    expectBad(rawNpy("{'descr': '|u1', 'fortran_order': False, 'shape': (2,), }\n", new Uint8Array(3)), /needs 2 data bytes but the file has 3/);
    expectBad(rawNpy("{'descr': '|u1', 'fortran_order': False, 'shape': (2, x), }\n", new Uint8Array(2)), /bad shape entry 'x'/);
  });

  it('names the file when it cannot be read', () => {
    const missing = path.join(dir, 'nope.npy');
    expect(() => readNpy(missing)).toThrow(TinyfitError);
    expect(() => readNpy(missing)).toThrow(missing);
  });

  it('rejects a shape that does not match the data on write', () => {
    const file = path.join(dir, 'mismatch.npy');
    expect(() => writeNpy(file, new Float32Array(6), [4, 2])).toThrow(TinyfitError);
    expect(() => writeNpy(file, new Float32Array(6), [4, 2])).toThrow(/mismatch\.npy: shape \[4, 2\] holds 8 elements but the data has 6/);
    expect(() => writeNpy(file, new Float32Array(6), [-2, -3])).toThrow(/invalid dimension -2/);
    expect(fs.existsSync(file)).toBe(false);
  });
});
