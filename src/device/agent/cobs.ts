/**
 * Consistent Overhead Byte Stuffing (Cheshire and Baker, 1999): a byte stream without 0x00, so 0x00 can end
 * frames. Each block is a code byte n followed by n − 1 data bytes, standing for those bytes and a zero (none
 * when n = 0xFF); the zero after the last block is implied and dropped.
 */

/** The COBS encoding of `data` (no delimiter). */
export function cobsEncode(data: Uint8Array): Buffer {
  const out = Buffer.alloc(data.length + Math.ceil(data.length / 254) + 1);
  let codeAt = 0;
  let o = 1;
  let code = 1;
  for (const b of data) {
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
  return out.subarray(0, o);
}

/**
 * Decodes one COBS block sequence (without its delimiter).
 * @returns the data, or undefined when the encoding is malformed (a zero byte inside, a block running past the end)
 */
export function cobsDecode(enc: Uint8Array): Buffer | undefined {
  const out = Buffer.alloc(enc.length);
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
