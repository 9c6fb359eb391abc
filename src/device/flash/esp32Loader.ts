/**
 * esptool-js's ESPLoader, watched: it tells a failed erase (the ROM erases on FLASH_BEGIN) from a failed block
 * write, times the erases, and knows how many bytes of the current write the chip has confirmed — so the ESP32
 * flasher can give each phase its own exit code and resume a broken write from the last good sector.
 */
import * as zlib from 'zlib';
import { ESPLoader } from 'esptool-js';

/** An error of the erase step (FLASH_BEGIN / FLASH_DEFL_BEGIN), as opposed to a block write. */
export class EraseFailure extends Error {
  constructor(override readonly cause: unknown) {
    super(cause instanceof Error ? cause.message : String(cause));
    this.name = 'EraseFailure';
  }
}

/** ESPLoader that tracks erase time and the blocks the chip acknowledged in the current write. */
export class TrackingLoader extends ESPLoader {
  /** Milliseconds spent in erase commands since construction. */
  eraseMs = 0;
  /** Data blocks sent and acknowledged in the current write (compressed bytes when compressing). */
  private acked: Uint8Array[] = [];
  private compressed = false;

  override async flashBegin(size: number, offset: number): Promise<number> {
    this.startWrite(false);
    return this.timedErase(() => super.flashBegin(size, offset));
  }

  override async flashDeflBegin(size: number, compsize: number, offset: number): Promise<number> {
    this.startWrite(true);
    return this.timedErase(() => super.flashDeflBegin(size, compsize, offset));
  }

  override async flashBlock(data: Uint8Array, seq: number, timeout: number): Promise<void> {
    await super.flashBlock(data, seq, timeout);
    this.acked.push(data);
  }

  override async flashDeflBlock(data: Uint8Array, seq: number, timeout: number): Promise<void> {
    await super.flashDeflBlock(data, seq, timeout);
    this.acked.push(data);
  }

  /**
   * Bytes of the current write's (uncompressed) data the chip has certainly written. The ROM writes a block before
   * acknowledging it; the stub acknowledges on receipt and writes while the next block arrives, so with the stub
   * the last acknowledged block does not count.
   */
  confirmedBytes(): number {
    return this.imageBytes(this.IS_STUB ? this.acked.slice(0, -1) : this.acked);
  }

  /** Bytes of the current write's data sent up to the end of the block that broke it (for counting rewrites). */
  sentBytes(): number {
    return this.imageBytes(this.acked) + this.FLASH_WRITE_SIZE;
  }

  /** How many image bytes these data blocks carry (what the chip inflates from them, when compressed). */
  private imageBytes(blocks: Uint8Array[]): number {
    if (!blocks.length) return 0;
    if (!this.compressed) return blocks.reduce((n, b) => n + b.length, 0);
    // A truncated deflate stream inflates up to where it stops.
    return zlib.inflateSync(Buffer.concat(blocks), { finishFlush: zlib.constants.Z_SYNC_FLUSH }).length;
  }

  private startWrite(compressed: boolean): void {
    this.acked = [];
    this.compressed = compressed;
  }

  private async timedErase(begin: () => Promise<number>): Promise<number> {
    const t0 = Date.now();
    try {
      return await begin();
    } catch (e) {
      throw new EraseFailure(e);
    } finally {
      this.eraseMs += Date.now() - t0;
    }
  }
}
