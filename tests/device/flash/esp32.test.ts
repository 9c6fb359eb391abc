/**
 * The ESP32 flasher (esptool-js over tinyfit's serial layer) against a simulated ROM loader on a socat pty pair:
 * plain and compressed writes through the ROM loader and the stub, verified by the chip's MD5 AND by comparing
 * the simulator's flash with the image byte for byte; a corrupted block ends in EXIT.verify; a silent port in
 * EXIT.connect within the deadline; a write session lost mid-image resumes from the last good sector.
 */
import * as crypto from 'crypto';
import { EXIT, TinyfitError } from '../../../src/errors';
import { Esp32FlashOptions, flashEsp32 } from '../../../src/device/flash/esp32';
import { ImageSegment } from '../../../src/device/flash/types';
import { openSerial } from '../../../src/device/serialTransport';
import { Signals, Transport } from '../../../src/device/transport';
import { Esp32RomSim, Esp32RomSimOptions, startEsp32RomSim } from '../../helpers/esp32RomSim';

jest.setTimeout(60_000);

/** An image that compresses somewhat (like firmware), not a multiple of 4 or of the block size. */
function image(bytes: number, seed: string): Buffer {
  const out = Buffer.alloc(bytes);
  let h = crypto.createHash('sha256').update(seed).digest();
  for (let i = 0; i < bytes; i += 32) {
    h = crypto.createHash('sha256').update(h).digest();
    h.copy(out, i, 0, Math.min(16, bytes - i)); // half random, half zero: deflate shrinks it, not to nothing
  }
  return out;
}

let sim: Esp32RomSim | undefined;
afterEach(async () => {
  await sim?.stop();
  sim = undefined;
});

async function run(simOpts: Esp32RomSimOptions, segments: ImageSegment[], opts: Partial<Esp32FlashOptions> = {}) {
  sim = await startEsp32RomSim(simOpts);
  return flashEsp32(segments, { port: sim.port, stub: false, ...opts });
}

function expectFlashHolds(segments: ImageSegment[]): void {
  for (const s of segments) expect(sim!.flash.subarray(s.address, s.address + s.data.length).equals(s.data)).toBe(true);
}

async function expectExit(p: Promise<unknown>, code: number, message: RegExp): Promise<TinyfitError> {
  const e = await p.then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(TinyfitError);
  expect((e as TinyfitError).message).toMatch(message);
  expect((e as TinyfitError).message).not.toContain('\n');
  expect((e as TinyfitError).exitCode).toBe(code);
  return e as TinyfitError;
}

describe('flashEsp32 through esptool-js against a simulated ROM loader', () => {
  const segs: ImageSegment[] = [
    { address: 0x1000, data: image(9_001, 'bootloader') },
    { address: 0x10000, data: image(40_003, 'app') },
  ];

  test.each([
    ['ROM loader, compressed', { stub: false, compress: true }, 'esp32'],
    ['ROM loader, uncompressed', { stub: false, compress: false }, 'esp32'],
    ['stub, compressed', { stub: true, compress: true }, 'esp32'],
    ['stub, uncompressed, ESP32-C3', { stub: true, compress: false }, 'esp32c3'],
  ] as const)('%s: writes, MD5-verifies, and the flash holds the image byte for byte', async (_name, o, chip) => {
    const phases = new Set<string>();
    // a pty has no RTS line: the ROM loader restarts by "run user code", the stub cannot (the test skips that reset)
    const r = await run({ chip }, segs, { ...o, writeBaud: 921600, after: o.stub ? 'no_reset' : 'hard_reset', progress: (p) => phases.add(p) });
    expect(r.verified).toBe('md5');
    expect(r.chip).toBe(chip === 'esp32' ? 'ESP32' : 'ESP32-C3');
    expect(r.stub).toBe(o.stub);
    expect(r.resumedBlocks).toBe(0);
    expect(r.bytes).toBe(9_004 + 40_004); // padded to 4 bytes as esptool does
    expect(r.baud).toBe(921600);
    expect(sim!.baud).toBe(921600);
    expect(sim!.stub).toBe(o.stub);
    expectFlashHolds(segs);
    // the bytes beyond the image in its last sector are erased, the sector after it untouched
    expect(sim!.flash[0x10000 + 40_004]).toBe(0xff);
    expect(sim!.flash[0x1d000]).not.toBe(0xff);
    // compressed writes send FLASH_DEFL_*, plain ones FLASH_*; MD5 asked for both segments; the chip was restarted
    const dataOp = o.compress ? 0x11 : 0x03;
    expect(sim!.commands).toContain(dataOp);
    expect(sim!.commands).not.toContain(o.compress ? 0x03 : 0x11);
    expect(sim!.commands.filter((c) => c === 0x13)).toHaveLength(2);
    expect(sim!.commands).toContain(0x0d); // SPI_ATTACH
    expect(sim!.left).toBe(!o.stub);
    expect([...phases]).toEqual(['write', 'verify']);
  });

  test('connect resets into the loader with DTR/RTS (classic sequence) and the end pulses RTS to run the image', async () => {
    // The pty has no modem lines: this link records the line changes the flasher asks for and passes all else on.
    const lines: Signals[] = [];
    const open = async (p: string, baudRate: number): Promise<Transport> => {
      const t = await openSerial(p, { baudRate });
      return Object.assign(Object.create(t) as Transport, { setSignals: async (s: Signals) => void lines.push(s) });
    };
    await run({}, segs.slice(0, 1), { open });
    const set = lines.map((l) => `${l.dtr === undefined ? '-' : +l.dtr}${l.rts === undefined ? '-' : +l.rts}`);
    expect(set.slice(0, 3)).toEqual(['01', '10', '00']); // IO0 high + EN low; IO0 low + EN high; release
    expect(set.slice(-5)).toEqual(['0-', '-1', '0-', '-0', '0-']); // EN low, then high (esptool re-sends DTR after RTS)
    expect(sim!.left).toBe(false); // restarted by RTS, not by the ROM's "run user code"
  });

  test('a block corrupted in the chip memory ends in EXIT.verify, never success', async () => {
    const e = await expectExit(run({ corruptBlock: 5 }, segs), EXIT.verify, /verify failed on .*flash MD5 at 0x10000 is [0-9a-f]{32}, the image's is [0-9a-f]{32}: the image is NOT written/);
    expect(e.message).toContain(sim!.port);
    expect(sim!.left).toBe(false); // no reset into a bad image
  });

  test('a port where nothing answers ends in EXIT.connect within the deadline', async () => {
    const t0 = Date.now();
    const e = await expectExit(run({ silent: true }, segs, { connectTimeoutMs: 15_000 }), EXIT.connect, /^no ESP32 ROM loader answered on /);
    expect(e.message).toBe(`no ESP32 ROM loader answered on ${sim!.port}: hold BOOT and press RESET, or check the port`);
    expect(Date.now() - t0).toBeLessThan(15_000);
  });

  test('a missing port is reported as such (EXIT.connect), not as a silent chip', async () => {
    await expectExit(flashEsp32(segs, { port: '/dev/ttyNOPE9', stub: false }), EXIT.connect, /no serial port \/dev\/ttyNOPE9/);
  });

  test.each([
    ['uncompressed', false],
    ['compressed', true],
  ])('a write lost mid-image (%s) resumes from the last good sector and ends verified', async (_n, compress) => {
    const logs: string[] = [];
    const r = await run({ failDataAt: 20 }, segs, { compress, log: (l) => logs.push(l) });
    expect(r.resumedBlocks).toBeGreaterThan(0);
    expect(logs.some((l) => /write broke at 0x[0-9a-f]+ .*resuming from 0x[0-9a-f]+000$/.test(l))).toBe(true);
    expectFlashHolds(segs);
    // a third FLASH_(DEFL_)BEGIN restarted the app segment part-way (on a sector), not from its start
    expect(sim!.commands).toContain(compress ? 0x10 : 0x02);
    const offsets = sim!.begins.map((b) => b.offset);
    expect(offsets).toHaveLength(3);
    expect(offsets.slice(0, 2)).toEqual([0x1000, 0x10000]);
    expect(offsets[2] % 0x1000).toBe(0);
    expect(offsets[2]).toBeGreaterThan(0x10000);
    expect(offsets[2]).toBeLessThan(0x10000 + 40_004);
    // uncompressed: the app's 1 KiB block 11 broke; sector 0x12000 restarts, so blocks 8..11 go again
    if (!compress) expect(offsets[2]).toBe(0x12000);
    if (!compress) expect(r.resumedBlocks).toBe(4);
    expect(r.resumedBlocks).toBeLessThan(10);
  });

  test('with the stub (which acknowledges a block before writing it) the resume starts a block earlier', async () => {
    const big: ImageSegment[] = [segs[0], { address: 0x10000, data: image(100_000, 'big app') }];
    // 16 KiB stub blocks: block 4 of the session is the app's 4th; the chip acknowledged 3, wrote 2 for sure
    const r = await run({ failDataAt: 4 }, big, { stub: true, compress: false, after: 'no_reset' });
    expect(sim!.begins.map((b) => b.offset)).toEqual([0x1000, 0x10000, 0x10000 + 2 * 0x4000]);
    expect(r.resumedBlocks).toBe(2);
    expectFlashHolds(big);
  });

  test('an erase the chip refuses ends in EXIT.erase', async () => {
    await expectExit(run({ flashSize: 0x8000 }, segs), EXIT.erase, /^erasing 0x10000\.\.0x19c44 on .* failed \(.*status 1,1.*\): check the flash size/);
  });

  test('a write that keeps breaking gives up with EXIT.write saying how much is written', async () => {
    await expectExit(run({ failDataAt: 3 }, segs, { maxResumes: 0, compress: false }), EXIT.write, /^writing to .* failed at 0x[0-9a-f]+ after 0 resumes .*: 3072 of 9004 B at 0x1000 are written; flash again/);
  });

  test('the stub on a port without an RTS line: written and verified, then EXIT.reset (press RESET)', async () => {
    await expectExit(run({}, segs, { stub: true }), EXIT.reset, /^the image IS written and verified, but .* no RTS line/);
    expectFlashHolds(segs);
  });

  test('a reset that fails after a verified write is EXIT.reset and says the image IS written', async () => {
    const one = segs.slice(1);
    await expectExit(run({ silentAfter: 0x13 }, one), EXIT.reset, /^the image IS written and verified, but resetting the board on .* failed \(no answer from the chip\): press its RESET/);
    expectFlashHolds(one);
  });

  test('a segment not on a 4 KiB sector is refused before touching the port', async () => {
    await expectExit(flashEsp32([{ address: 0x1001, data: Buffer.alloc(4) }], { port: '/dev/null' }), EXIT.user, /not 4 KiB aligned/);
  });
});
