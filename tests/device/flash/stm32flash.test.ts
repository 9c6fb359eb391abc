/**
 * The STM32 USART flasher against its real peers: the Debian `stm32flash` binary, talking over a socat pty pair
 * to an AN3155 boot-loader simulator (tests/helpers/stm32BootSim.ts) that keeps the flash in memory and
 * misbehaves on request. Lines are 8N1 here: a pty takes no parity (a real board needs the default 8E1).
 */
import * as crypto from 'crypto';
import { EXIT, TinyfitError } from '../../../src/errors';
import { stm32ProductId } from '../../../src/device/flash/stm32Devices';
import { flashStm32, Stm32flashOptions } from '../../../src/device/flash/stm32flash';
import { FlashResult, ImageSegment } from '../../../src/device/flash/types';
import { openPtyPair } from '../../helpers/ptyPair';
import { BootSimFaults, Stm32BootSim } from '../../helpers/stm32BootSim';

const BASE = 0x08000000;
const K = 1024;

/** A firmware-sized image of random bytes (seeded, so a failure is repeatable). */
function image(bytes: number, seed = 'stm32'): Buffer {
  const out = Buffer.alloc(bytes);
  let block = Buffer.alloc(0);
  for (let i = 0; i < bytes; i++) {
    if (i % 32 === 0) block = crypto.createHash('sha256').update(`${seed}:${i}`).digest();
    out[i] = block[i % 32];
  }
  return out;
}

/**
 * Runs `fn` with a simulator on one end of a fresh pty pair and the other end's path; always cleans up. A dropped
 * link stops socat, so the client's port vanishes as an unplugged USB adapter's does.
 */
async function withSim<T>(faults: BootSimFaults, fn: (port: string, sim: Stm32BootSim) => Promise<T>): Promise<T> {
  const pair = await openPtyPair();
  const sim = await Stm32BootSim.start(pair.b, { faults, onDrop: () => void pair.close() });
  try {
    return await fn(pair.a, sim);
  } finally {
    await sim.stop();
    await pair.close();
  }
}

/** Flashes and returns the error it must throw. */
async function failure(segments: ImageSegment[], opts: Stm32flashOptions): Promise<TinyfitError> {
  let result: FlashResult | undefined;
  try {
    result = await flashStm32(segments, opts);
  } catch (e) {
    expect(e).toBeInstanceOf(TinyfitError);
    expect((e as Error).message).not.toMatch(/\n/);
    return e as TinyfitError;
  }
  throw new Error(`flash succeeded but should have failed: ${JSON.stringify(result)}`);
}

const opts = (port: string, more: Partial<Stm32flashOptions> = {}): Stm32flashOptions => ({ port, baud: 115200, mode: '8n1', ...more });
const ERASES = (sim: Stm32BootSim): string[] => sim.log.filter((l) => /ERASE/.test(l));

describe('flashStm32 through stm32flash and the AN3155 simulator', () => {
  it('writes a two-segment image, reads it back byte-identical and starts it', async () => {
    const vectors = image(6 * K, 'vectors');
    const data = image(3 * K + 100, 'data'); // not a whole block: the last block is short
    const segments = [
      { address: BASE + 0x2000, data },
      { address: BASE, data: vectors },
    ];
    await withSim({}, async (port, sim) => {
      const seen: Array<[string, number, number]> = [];
      const r = await flashStm32(segments, opts(port, { progress: (p, d, t) => seen.push([p, d, t]) }));
      expect(r).toMatchObject({ bytes: 0x2000 + data.length, verified: 'readback', resumedBlocks: 0, baud: 115200 });
      expect(sim.read(BASE, vectors.length).equals(vectors)).toBe(true);
      expect(sim.read(BASE + vectors.length, 0x2000 - vectors.length).every((b) => b === 0xff)).toBe(true);
      expect(sim.read(BASE + 0x2000, data.length).equals(data)).toBe(true);
      expect(sim.started).toBe(BASE);
      expect(ERASES(sim)).toEqual(['ERASE 0']); // the 16 KB first sector holds it all
      const writes = seen.filter(([p]) => p === 'write');
      expect(writes[writes.length - 1]).toEqual(['write', r.bytes, r.bytes]);
      expect(r.phaseMs.write).toBeGreaterThanOrEqual(0);
    });
  });

  it('resumes a write NACKed part-way from the failed block’s sector and ends byte-identical', async () => {
    const img = image(40 * K);
    // Block 70 is 0x08004500, in the second 16 KB sector (0x08004000): 5 earlier blocks of it and itself again.
    await withSim({ nackWrite: 70 }, async (port, sim) => {
      const lines: string[] = [];
      const r = await flashStm32([{ address: BASE, data: img }], opts(port, { log: (l) => lines.push(l) }));
      expect(r.resumedBlocks).toBe(6);
      expect(sim.read(BASE, img.length).equals(img)).toBe(true);
      expect(ERASES(sim)).toEqual(['ERASE 0,1,2', 'ERASE 1,2']); // sector 0 kept from the first run
      expect(lines).toContain('resuming the write at 0x08004000 (failed at 0x08004500)');
      // 0x08000000 is read twice: the first run's check of its block, then the final whole-image read-back.
      expect(sim.log.filter((l) => l === `READ 0x${BASE.toString(16)} 256`).length).toBe(2);
      expect(sim.started).toBe(BASE);
      expect(r.phaseMs.verify).toBeGreaterThanOrEqual(0);
    });
  });

  it('a cell that never takes its value fails as EXIT.verify and the image is not started', async () => {
    await withSim({ flipBitAt: BASE + 0x123 }, async (port, sim) => {
      const e = await failure([{ address: BASE, data: image(4 * K) }], opts(port));
      expect(e.exitCode).toBe(EXIT.verify);
      expect(e.message).toMatch(/^verify failed on \/dev\/pts\/\d+: 0x08000123 reads 0x.. after writing 0x../);
      expect(sim.started).toBeUndefined();
    });
  });

  it('flash disturbed behind a resumed write is caught by the final read-back (EXIT.verify, never started)', async () => {
    // The resumed run's own block checks pass; only the whole-image read-back sees sector 0 changed.
    await withSim({ nackWrite: 70, corruptAt: { write: 75, address: BASE + 0x10 } }, async (port, sim) => {
      const e = await failure([{ address: BASE, data: image(40 * K) }], opts(port));
      expect(e.exitCode).toBe(EXIT.verify);
      expect(e.message).toMatch(/0x08000010 reads 0x.. where the image has 0x.. in the final read-back/);
      expect(sim.started).toBeUndefined();
    });
  });

  it('no boot loader answering is EXIT.connect within the deadline', async () => {
    await withSim({ neverAckInit: true }, async (port, sim) => {
      const t0 = Date.now();
      const e = await failure([{ address: BASE, data: image(1 * K) }], opts(port, { timeoutMs: 10_000 }));
      expect(Date.now() - t0).toBeLessThan(10_000);
      expect(e.exitCode).toBe(EXIT.connect);
      expect(e.message).toMatch(/^no answer from the STM32 boot loader on \/dev\/pts\/\d+ at 115200 baud .*set BOOT0 high and reset the board/);
      expect(ERASES(sim)).toEqual([]);
    });
  });

  it('a board that goes silent mid-write is EXIT.write, the resume’s failure named, within the deadline', async () => {
    await withSim({ stopAtWrite: 30 }, async (port) => {
      const t0 = Date.now();
      const e = await failure([{ address: BASE, data: image(16 * K) }], opts(port, { timeoutMs: 10_000 }));
      expect(Date.now() - t0).toBeLessThan(10_000);
      expect(e.exitCode).toBe(EXIT.write);
      expect(e.message).toMatch(/^writing flash on \S+ failed at 0x08001d00 .*; resuming from 0x08000000 failed: no answer from the STM32 boot loader/);
    });
  });

  it('a link dropped mid-write is EXIT.write and says so in one line', async () => {
    await withSim({ dropAtWrite: 20 }, async (port) => {
      const e = await failure([{ address: BASE, data: image(16 * K) }], opts(port, { timeoutMs: 10_000 }));
      expect(e.exitCode).toBe(EXIT.write);
      expect(e.message).toMatch(/^writing flash on \S+ failed at 0x08001300 .*resuming from 0x08000000 failed: (no serial port|cannot open)/);
    });
  });

  it('a reply that trickles forever is stopped at the deadline', async () => {
    await withSim({ dripMs: 300 }, async (port) => {
      const t0 = Date.now();
      const e = await failure([{ address: BASE, data: image(1 * K) }], opts(port, { timeoutMs: 2500 }));
      expect(Date.now() - t0).toBeLessThan(5000);
      expect(e.exitCode).toBe(EXIT.connect);
      expect(e.message).toMatch(/^stm32flash did not finish within 2500 ms on \S+ \(stopped during connect/);
    });
  });

  it('a failed start after a verified write is EXIT.reset and says the image is written', async () => {
    const img = image(2 * K);
    await withSim({ nackGo: true }, async (port, sim) => {
      const e = await failure([{ address: BASE, data: img }], opts(port));
      expect(e.exitCode).toBe(EXIT.reset);
      expect(e.message).toMatch(/^the image IS written and verified, but starting it failed/);
      expect(sim.read(BASE, img.length).equals(img)).toBe(true);
    });
  });

  it('refuses a board of another kind before erasing anything', async () => {
    await withSim({}, async (port, sim) => {
      const e = await failure([{ address: BASE, data: image(1 * K) }], opts(port, { productId: stm32ProductId('stm32h743zi') }));
      expect(e.exitCode).toBe(EXIT.connect);
      expect(e.message).toMatch(/answers device ID 0x413 \(STM32F40xxx\/41xxx\), not the target's 0x450: .*nothing was erased/);
      expect(ERASES(sim)).toEqual([]);
    });
  });

  it('one-line connect errors for line settings a port refuses: parity or DTR/RTS on a pty', async () => {
    await withSim({}, async (port) => {
      const parity = await failure([{ address: BASE, data: image(256) }], { port });
      expect(parity.exitCode).toBe(EXIT.connect);
      expect(parity.message).toMatch(/^cannot set 115200 baud 8E1 on \S+ .*use mode 8n1/);
      const pins = await failure([{ address: BASE, data: image(256) }], opts(port, { bootSequence: 'rts&-dtr,dtr:-rts&-dtr,,,dtr' }));
      expect(pins.exitCode).toBe(EXIT.connect);
      expect(pins.message).toMatch(/^cannot drive DTR\/RTS on \S+ for the boot sequence/);
    });
  });

  it('stm32flash missing is one line naming the package; a missing port is EXIT.connect', async () => {
    const e = await failure([{ address: BASE, data: image(256) }], { port: '/dev/null', command: '/nonexistent/stm32flash' });
    expect(e.exitCode).toBe(EXIT.user);
    expect(e.message).toMatch(/stm32flash is not installed: .*apt install stm32flash/);
    const gone = await failure([{ address: BASE, data: image(256) }], { port: '/dev/ttyNOPE0' });
    expect(gone.exitCode).toBe(EXIT.connect);
    expect(gone.message).toMatch(/^no serial port \/dev\/ttyNOPE0/);
  });
});
