/**
 * Consistent Overhead Byte Stuffing (Cheshire and Baker, 1999): a byte stream without 0x00, so 0x00 can end
 * frames. Each block is a code byte n followed by n − 1 data bytes, standing for those bytes and a zero (none
 * when n = 0xFF); the zero after the last block is implied and dropped.
 */

/** The COBS encoding of `data` (no delimiter). */
export function cobsEncode(data: Uint8Array): Buffer {
  const out = Buffer.allocUnsafe(cobsMaxLength(data.length));
  return out.subarray(0, cobsEncodeInto(data, out, 0));
}

/** The longest COBS encoding of `n` bytes (no delimiter). */
export function cobsMaxLength(n: number): number {
  return n + Math.ceil(n / 254) + 1;
}

/**
 * Writes the COBS encoding of `data` into `out` from `at` (room: {@link cobsMaxLength}).
 * @returns the index after the last byte written
 */
export function cobsEncodeInto(data: Uint8Array, out: Uint8Array, at: number): number {
  let codeAt = at;
  let o = at + 1;
  let code = 1;
  for (let i = 0; i < data.length; i++) {
    const b = data[i];
    if (b === 0) {
      out[codeAt] = code;
      codeAt = o++;
      code = 1;
    } else {
      out[o++] = b;
      if (++code === 0xff) {
        out[codeAt] = code;
        codeAt = o++;
        code = 1;
      }
    }
  }
  out[codeAt] = code;
  return o;
}

/**
 * Decodes one COBS block sequence (without its delimiter).
 * @returns the data, or undefined when the encoding is malformed (a zero byte inside, a block running past the end)
 */
export function cobsDecode(enc: Uint8Array): Buffer | undefined {
  const out = Buffer.allocUnsafe(enc.length); // only out[0..o) is returned, all of it written
  let o = 0;
  let i = 0;
  while (i < enc.length) {
    const code = enc[i];
    if (code === 0 || i + code > enc.length) return undefined;
    for (let k = 1; k < code; k++) {
      const b = enc[i + k];
      if (b === 0) return undefined;
      out[o++] = b;
    }
    i += code;
    if (code !== 0xff && i < enc.length) out[o++] = 0;
  }
  return out.subarray(0, o);
}
