/**
 * UF2 images (Microsoft's USB Flashing Format, github.com/microsoft/uf2): what boards with a UF2 boot drive (the
 * RP2040's RPI-RP2) take by drag-and-drop. The image is cut into 512-byte blocks, each carrying 256 bytes of
 * payload and the address they go to, so a block is self-describing and the drive can take them in any order.
 * Block layout (little-endian 32-bit words): magic 0x0A324655, magic 0x9E5D5157, flags (0x2000: the family id
 * word is present), target address, payload size, block number, block count, family id, 476 bytes of data
 * (the payload, then zeros), final magic 0x0AB16F30.
 */

const MAGIC_START0 = 0x0a324655;
const MAGIC_START1 = 0x9e5d5157;
const MAGIC_END = 0x0ab16f30;
const FLAG_FAMILY_ID = 0x00002000;
const BLOCK = 512;
const PAYLOAD = 256;

/** One decoded block. */
export interface Uf2Block {
  address: number;
  blockNo: number;
  numBlocks: number;
  familyId: number;
  data: Buffer;
}

/**
 * The UF2 image of `image`, to be written at `base` onwards.
 * @param familyId the family id the boot loader checks (RP2040: 0xE48BFF56)
 */
export function toUf2(image: Buffer, base: number, familyId: number): Buffer {
  const n = Math.ceil(image.length / PAYLOAD);
  const out = Buffer.alloc(n * BLOCK);
  for (let i = 0; i < n; i++) {
    const b = out.subarray(i * BLOCK, (i + 1) * BLOCK);
    b.writeUInt32LE(MAGIC_START0, 0);
    b.writeUInt32LE(MAGIC_START1, 4);
    b.writeUInt32LE(FLAG_FAMILY_ID, 8);
    b.writeUInt32LE((base + i * PAYLOAD) >>> 0, 12);
    b.writeUInt32LE(PAYLOAD, 16);
    b.writeUInt32LE(i, 20);
    b.writeUInt32LE(n, 24);
    b.writeUInt32LE(familyId >>> 0, 28);
    image.copy(b, 32, i * PAYLOAD, Math.min(image.length, (i + 1) * PAYLOAD));
    b.writeUInt32LE(MAGIC_END, BLOCK - 4);
  }
  return out;
}

/**
 * Decodes a UF2 file, checking every block's magic numbers and sizes.
 * @throws Error naming the first bad block
 */
export function readUf2(file: Buffer): Uf2Block[] {
  if (file.length % BLOCK !== 0) throw new Error(`UF2: ${file.length} B is not a whole number of 512-byte blocks`);
  const blocks: Uf2Block[] = [];
  for (let off = 0; off < file.length; off += BLOCK) {
    const b = file.subarray(off, off + BLOCK);
    if (b.readUInt32LE(0) !== MAGIC_START0 || b.readUInt32LE(4) !== MAGIC_START1 || b.readUInt32LE(BLOCK - 4) !== MAGIC_END) {
      throw new Error(`UF2: block ${off / BLOCK} has wrong magic numbers`);
    }
    const size = b.readUInt32LE(16);
    if (size > 476) throw new Error(`UF2: block ${off / BLOCK} carries ${size} B (at most 476)`);
    blocks.push({ address: b.readUInt32LE(12), blockNo: b.readUInt32LE(20), numBlocks: b.readUInt32LE(24), familyId: b.readUInt32LE(28), data: Buffer.from(b.subarray(32, 32 + size)) });
  }
  return blocks;
}
