/**
 * Joins the segments of an image into one contiguous piece for tools that write a single binary at one address
 * (stm32flash, openocd with a .bin). Gaps are filled with 0xFF, the value of erased NOR flash, so writing them
 * changes nothing; overlapping segments are refused, and so is a gap so large that the joined image would be
 * mostly filler.
 */
import { TinyfitError } from '../../errors';
import { hex8 } from './hex';
import { ImageSegment } from './types';

/** Largest total span of a joined image, bytes (beyond any microcontroller's main flash). */
const MAX_SPAN = 16 * 1024 * 1024;

/**
 * One segment covering all of `segments`, gaps filled with 0xFF.
 * @throws TinyfitError (exit code 1) when there is no data, segments overlap, or they span more than 16 MB
 */
export function joinSegments(segments: ImageSegment[]): ImageSegment {
  const parts = segments.filter((s) => s.data.length > 0).sort((a, b) => a.address - b.address);
  if (parts.length === 0) throw new TinyfitError('the image is empty: nothing to flash');
  if (parts.length === 1) return parts[0];
  for (let i = 1; i < parts.length; i++) {
    const prevEnd = parts[i - 1].address + parts[i - 1].data.length;
    if (parts[i].address < prevEnd) {
      throw new TinyfitError(`image segments overlap at ${hex8(parts[i].address)} (the one before ends at ${hex8(prevEnd)}): the image is malformed; rebuild it`);
    }
  }
  const start = parts[0].address;
  const last = parts[parts.length - 1];
  const span = last.address + last.data.length - start;
  if (span > MAX_SPAN) {
    throw new TinyfitError(`image segments span ${span} bytes from ${hex8(start)} to ${hex8(start + span)}: more than one flash; flash the pieces separately`);
  }
  const data = Buffer.alloc(span, 0xff);
  for (const p of parts) p.data.copy(data, p.address - start);
  return { address: start, data };
}
