/**
 * UF2 boards (the Raspberry Pi Pico): the boot ROM shows a USB drive (INFO_UF2.TXT names the board) while BOOTSEL
 * is held at reset; a .uf2 file copied onto it is checked block by block by the ROM, written, and the board
 * restarts — the drive vanishes. So: find the drive, copy, wait for it to vanish (the ROM took every block),
 * then the caller checks the running firmware's agent (model hash) on the serial port.
 */
import * as fs from 'fs';
import * as path from 'path';
import { EXIT, TinyfitError } from '../../errors';
import { FlashOptions, FlashResult } from './types';

/** Folders where desktop systems and udisks mount removable drives. */
const MOUNT_ROOTS = ['/media', '/run/media', '/mnt'];

/** UF2 boot drives mounted now: folders holding INFO_UF2.TXT, with its Board-ID. */
export function findUf2Drives(roots = MOUNT_ROOTS): { path: string; boardId: string }[] {
  const out: { path: string; boardId: string }[] = [];
  const visit = (dir: string, depth: number): void => {
    let names: string[];
    try {
      names = fs.readdirSync(dir);
    } catch {
      return;
    }
    if (names.includes('INFO_UF2.TXT')) {
      const info = fs.readFileSync(path.join(dir, 'INFO_UF2.TXT'), 'utf8');
      out.push({ path: dir, boardId: /^Board-ID:\s*(.+)$/m.exec(info)?.[1].trim() ?? '?' });
      return;
    }
    if (depth > 0) for (const n of names) visit(path.join(dir, n), depth - 1);
  };
  for (const r of roots) visit(r, 2);
  return out;
}

/** Options of {@link flashUf2}: `port` is the drive's folder when given (else the one drive found). */
export interface Uf2Options extends Partial<FlashOptions> {
  /** Board-ID prefix the drive must report (e.g. RPI-RP2). */
  boardId?: string;
  /** How long the ROM may take to restart after the copy, ms (default 15000). */
  restartTimeoutMs?: number;
  roots?: string[];
}

/**
 * Copies `uf2` onto the board's boot drive and waits for the board to restart.
 * @throws TinyfitError: connect (no drive, or several), write (copy failed), reset (the drive did not vanish)
 */
export async function flashUf2(uf2: string, opts: Uf2Options): Promise<FlashResult> {
  const t0 = Date.now();
  const drives = opts.port ? [{ path: opts.port, boardId: '' }] : findUf2Drives(opts.roots).filter((d) => !opts.boardId || d.boardId.startsWith(opts.boardId));
  if (opts.port && !fs.existsSync(path.join(opts.port, 'INFO_UF2.TXT'))) {
    throw new TinyfitError(`connect: ${opts.port} is no UF2 boot drive (no INFO_UF2.TXT): hold BOOTSEL while plugging the board in, then give its drive's folder`, EXIT.connect);
  }
  if (drives.length === 0) throw new TinyfitError(`connect: no UF2 boot drive${opts.boardId ? ` (${opts.boardId})` : ''} is mounted: hold BOOTSEL while plugging the board in, or give the drive's folder with --port`, EXIT.connect);
  if (drives.length > 1) throw new TinyfitError(`connect: ${drives.length} UF2 boot drives are mounted (${drives.map((d) => d.path).join(', ')}): refusing to guess, give one with --port`, EXIT.connect);
  const drive = drives[0].path;
  const data = fs.readFileSync(uf2);
  const tConnect = Date.now();
  try {
    const fd = fs.openSync(path.join(drive, path.basename(uf2)), 'w');
    try {
      for (let off = 0; off < data.length; off += 64 * 512) {
        fs.writeSync(fd, data, off, Math.min(64 * 512, data.length - off));
        opts.progress?.('write', Math.min(data.length, off + 64 * 512), data.length);
      }
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
  } catch (e) {
    // The ROM restarts as soon as it has every block: the drive may vanish under the final close.
    if (fs.existsSync(drive)) throw new TinyfitError(`write: copying ${uf2} to ${drive} failed: ${(e as Error).message}`, EXIT.write);
  }
  const tWrite = Date.now();
  const deadline = Date.now() + (opts.restartTimeoutMs ?? 15_000);
  while (fs.existsSync(path.join(drive, 'INFO_UF2.TXT'))) {
    if (Date.now() > deadline) throw new TinyfitError(`reset: the boot drive ${drive} is still there ${opts.restartTimeoutMs ?? 15_000} ms after the copy: the ROM rejected the file (wrong UF2 family?) — check the board`, EXIT.reset);
    await new Promise((r) => setTimeout(r, 100));
  }
  return { bytes: data.length, verified: 'boot-rom', phaseMs: { connect: tConnect - t0, write: tWrite - tConnect, reset: Date.now() - tWrite }, resumedBlocks: 0, baud: 0 };
}
