/**
 * LSB-first bit packing shared by the compressed weight formats: value i occupies bits [i·b, (i+1)·b) of the
 * stream, bit 0 of each byte first. With b = 4 this is the nibble order of CMSIS-NN's s4 kernels (element 2k in
 * the low nibble of byte k, element 2k+1 in its high nibble); the C kernels read it back with shifts and masks.
 */

/**
 * Packs unsigned `bits`-bit values LSB-first into ⌈n·bits/8⌉ bytes.
 * @param values each in [0, 2^bits)
 * @param bits 1..8
 * @throws Error when a value does not fit
 */
export function packBits(values: ArrayLike<number>, bits: number): Uint8Array {
  if (!Number.isInteger(bits) || bits < 1 || bits > 8) throw new Error(`packBits: bits must be 1..8, got ${bits}`);
  const out = new Uint8Array(Math.ceil((values.length * bits) / 8));
  const max = (1 << bits) - 1;
  for (let i = 0, pos = 0; i < values.length; i++, pos += bits) {
    const v = values[i];
    if (!Number.isInteger(v) || v < 0 || v > max) throw new Error(`packBits: value ${v} at ${i} does not fit ${bits} bits`);
    const byte = pos >> 3;
    const sh = pos & 7;
    out[byte] |= (v << sh) & 0xff;
    if (sh + bits > 8) out[byte + 1] |= v >> (8 - sh);
  }
  return out;
}

/**
 * Reads `n` unsigned `bits`-bit values packed by {@link packBits}.
 * @throws Error when `packed` is too short
 */
export function unpackBits(packed: Uint8Array, bits: number, n: number): Uint8Array {
  if (packed.length < Math.ceil((n * bits) / 8)) throw new Error(`unpackBits: ${packed.length} bytes cannot hold ${n} × ${bits} bits`);
  const out = new Uint8Array(n);
  const mask = (1 << bits) - 1;
  for (let i = 0, pos = 0; i < n; i++, pos += bits) {
    const byte = pos >> 3;
    const sh = pos & 7;
    const word = packed[byte] | ((packed[byte + 1] ?? 0) << 8);
    out[i] = (word >> sh) & mask;
  }
  return out;
}
