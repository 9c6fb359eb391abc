/**
 * Canonical Huffman coding of a symbol sequence (a compressed weight's gaps or cluster indices, one symbol per
 * entry, 0..255), as Deep Compression §4 applies it to sparse gaps and cluster indices. The code is canonical (as in DEFLATE, RFC 1951
 * §3.2.2): codes of equal length are consecutive integers in symbol order and shorter codes precede longer ones, so
 * the decoder needs only the number of codes of each length (≤ 15) and the symbols sorted by (length, value) —
 * 32 + (distinct symbols) bytes — and decodes bit by bit without a tree (firmware/kernels/huffman_decode.h).
 * Codes are written most significant bit first, filling each byte from bit 7 down.
 */

import { HuffmanStream } from '../types';

export type { HuffmanStream };

/** Longest code: keeps the decoder's count table at 16 entries. */
export const HUFFMAN_MAX_BITS = 15;


/**
 * Huffman code lengths for the given symbol frequencies, none longer than `maxBits` (when the optimal tree is
 * deeper, frequencies are halved — keeping every used symbol at ≥ 1 — and the tree rebuilt, which flattens it).
 * A lone symbol gets length 1; unused symbols length 0.
 * @param freqs frequency of each symbol
 * @param maxBits longest allowed code
 */
export function codeLengths(freqs: ArrayLike<number>, maxBits = HUFFMAN_MAX_BITS): Uint8Array {
  const used = Array.from(freqs, (f, s) => ({ f, s })).filter((x) => x.f > 0);
  const lengths = new Uint8Array(freqs.length);
  if (used.length === 1) lengths[used[0].s] = 1;
  if (used.length <= 1) return lengths;
  if (used.length > 2 ** maxBits) throw new Error(`codeLengths: ${used.length} symbols need codes longer than ${maxBits} bits`);
  let f = used.map((x) => x.f);
  for (;;) {
    const depth = treeDepths(f);
    if (Math.max(...depth) <= maxBits) {
      used.forEach((x, i) => (lengths[x.s] = depth[i]));
      return lengths;
    }
    f = f.map((v) => Math.max(1, v >> 1));
  }
}

/** Depth of each leaf in a Huffman tree of these (positive) weights; ties broken by creation order, deterministic. */
function treeDepths(weights: number[]): number[] {
  type Node = { w: number; order: number; leaves: number[] };
  let nodes: Node[] = weights.map((w, i) => ({ w, order: i, leaves: [i] }));
  const depth = new Array<number>(weights.length).fill(0);
  let order = weights.length;
  while (nodes.length > 1) {
    nodes.sort((a, b) => a.w - b.w || a.order - b.order);
    const [a, b] = nodes;
    for (const l of [...a.leaves, ...b.leaves]) depth[l]++;
    nodes = [{ w: a.w + b.w, order: order++, leaves: [...a.leaves, ...b.leaves] }, ...nodes.slice(2)];
  }
  return depth;
}

/**
 * Canonical codes for the given lengths (RFC 1951 §3.2.2): code[s] is the code of symbol s (0 when unused).
 * @throws Error when the lengths over-subscribe the code space (not a prefix code)
 */
export function canonicalCodes(lengths: ArrayLike<number>): Uint32Array {
  const maxLen = Math.max(0, ...Array.from(lengths));
  const count = new Array<number>(maxLen + 1).fill(0);
  for (let s = 0; s < lengths.length; s++) if (lengths[s]) count[lengths[s]]++;
  let kraft = 0;
  for (let l = 1; l <= maxLen; l++) kraft += count[l] / 2 ** l;
  if (kraft > 1) throw new Error('canonicalCodes: lengths over-subscribe the code space');
  const next = new Array<number>(maxLen + 2).fill(0);
  let code = 0;
  for (let l = 1; l <= maxLen; l++) {
    code = (code + count[l - 1]) << 1;
    next[l] = code;
  }
  const codes = new Uint32Array(lengths.length);
  for (let s = 0; s < lengths.length; s++) if (lengths[s]) codes[s] = next[lengths[s]]++;
  return codes;
}

/**
 * Huffman-codes a symbol sequence with a canonical code built from its own symbol frequencies.
 * @param data the symbols, 0..255 each (e.g. the unpacked gaps of a sparse storage)
 */
export function huffmanEncode(data: ArrayLike<number>): HuffmanStream {
  const freqs = new Array<number>(256).fill(0);
  for (let i = 0; i < data.length; i++) freqs[data[i]]++;
  const lengths = codeLengths(freqs);
  const codes = canonicalCodes(lengths);
  const counts = new Uint16Array(HUFFMAN_MAX_BITS + 1);
  const order: number[] = [];
  for (let l = 1; l <= HUFFMAN_MAX_BITS; l++) {
    for (let s = 0; s < 256; s++) if (lengths[s] === l) (counts[l]++, order.push(s));
  }
  let nbits = 0;
  for (let i = 0; i < data.length; i++) nbits += lengths[data[i]];
  const bits = new Uint8Array(Math.ceil(nbits / 8));
  let pos = 0;
  for (let i = 0; i < data.length; i++) {
    const b = data[i];
    for (let k = lengths[b] - 1; k >= 0; k--, pos++) if ((codes[b] >> k) & 1) bits[pos >> 3] |= 0x80 >> (pos & 7);
  }
  return { n: data.length, counts, symbols: Uint8Array.from(order), bits };
}

/** Mean coded bits per symbol of a stream (its code bits over its symbols; 0 when empty). */
export function huffmanBitsPerSymbol(h: HuffmanStream): number {
  return h.n ? (h.bits.length * 8) / h.n : 0;
}

/**
 * Decodes a {@link HuffmanStream} to its symbols the way huffman_decode.h does: bit by bit, comparing the code read so far with
 * the first code of each length.
 * @throws Error on a code the tables do not define or a stream that ends early
 */
export function huffmanDecode(h: HuffmanStream): Uint8Array {
  const out = new Uint8Array(h.n);
  let pos = 0;
  const total = h.bits.length * 8;
  for (let i = 0; i < h.n; i++) {
    let code = 0;
    let first = 0;
    let index = 0;
    let len = 1;
    for (; len <= HUFFMAN_MAX_BITS; len++) {
      if (pos >= total) throw new Error('huffmanDecode: stream ends early');
      code |= (h.bits[pos >> 3] >> (7 - (pos & 7))) & 1;
      pos++;
      const count = h.counts[len];
      if (code - first < count) {
        out[i] = h.symbols[index + code - first];
        break;
      }
      index += count;
      first = (first + count) << 1;
      code <<= 1;
    }
    if (len > HUFFMAN_MAX_BITS) throw new Error('huffmanDecode: invalid code');
  }
  return out;
}

/** Flash bytes of a stream with its tables as huffman_decode.h reads them (uint16 counts, uint8 symbols and bits). */
export function huffmanBytes(h: HuffmanStream): number {
  return 2 * h.counts.length + h.symbols.length + h.bits.length;
}
