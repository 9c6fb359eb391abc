/**
 * tinyfit flash's choice of flasher and what it gives it: an ESP-IDF project's images at the offsets of the
 * `build/flasher_args.json` idf.py writes, flashed through esptool-js into the simulated ROM loader; refusals
 * with one line for a missing build, a missing port and a board tinyfit cannot flash.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { readManifest } from '../../../src/device/board/manifest';
import { defaultFlasher, espIdfSegments, flashProject } from '../../../src/device/flash';
import { EXIT } from '../../../src/errors';
import { getTarget } from '../../../src/targets';
import { runCli } from '../../helpers/cli';
import { startEsp32RomSim } from '../../helpers/esp32RomSim';

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'tinyfit-flashproject-'));
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

function bytes(n: number, seed: number): Buffer {
  let x = seed;
  return Buffer.from(Array.from({ length: n }, () => ((x = (x * 1103515245 + 12345) >>> 0) >>> 24)));
}

describe('flashers chosen per target', () => {
  it('virtual boards launch, ESP32 take esptool, a Pi its console, the Pico UF2, STM32 boards openocd, the Nano 33 BLE none', () => {
    expect(defaultFlasher(getTarget('qemu-cortex-m4'), false)).toBe('qemu');
    expect(defaultFlasher(getTarget('rpi4'), false)).toBe('qemu');
    expect(defaultFlasher(getTarget('rpi4'), true)).toBe('rpi-console');
    expect(defaultFlasher(getTarget('esp32'), true)).toBe('esptool');
    expect(defaultFlasher(getTarget('pico'), true)).toBe('uf2');
    expect(defaultFlasher(getTarget('nucleo-l4r5zi'), true)).toBe('openocd');
    expect(defaultFlasher(getTarget('nano33ble'), true)).toBe('none');
  });
});

describe('an ESP-IDF project through tinyfit flash', () => {
  const dir = path.join(root, 'esp32');
  beforeAll(() => {
    expect(runCli(['generate', 'examples/sine/model.json', '--target', 'esp32', '--out', dir]).status).toBe(0);
  });

  it('refuses before idf.py has built it, naming the command', () => {
    expect(() => espIdfSegments(readManifest(dir, { needAgent: false }))).toThrow(/build\/flasher_args\.json does not exist: build the project with ESP-IDF first \(`idf\.py set-target esp32 && idf\.py build` in /);
  });

  it('writes every image of flasher_args.json at its offset, verified by MD5 (a pty cannot reset it: exit 7 says the image is written)', async () => {
    const build = path.join(dir, 'build');
    fs.mkdirSync(path.join(build, 'bootloader'), { recursive: true });
    fs.mkdirSync(path.join(build, 'partition_table'), { recursive: true });
    const images = { '0x1000': ['bootloader/bootloader.bin', bytes(6_000, 1)], '0x8000': ['partition_table/partition-table.bin', bytes(3_072, 2)], '0x10000': ['tinyfit_app.bin', bytes(50_000, 3)] } as const;
    for (const [, [rel, data]] of Object.entries(images)) fs.writeFileSync(path.join(build, rel), data);
    fs.writeFileSync(path.join(build, 'flasher_args.json'), JSON.stringify({ flash_files: Object.fromEntries(Object.entries(images).map(([o, [rel]]) => [o, rel])) }));
    const sim = await startEsp32RomSim({ chip: 'esp32' });
    try {
      // The stub cannot restart the chip and a pty has no RTS line: the one failure left is the reset, reported as such.
      await expect(flashProject(readManifest(dir, { needAgent: false }), { port: sim.port })).rejects.toMatchObject({
        exitCode: EXIT.reset,
        message: expect.stringMatching(/^the image IS written and verified, but resetting the board on .* failed/),
      });
      expect(sim.commands).toContain(0x13); // SPI_FLASH_MD5: verified before the reset
      for (const [offset, [, data]] of Object.entries(images)) expect(sim.flash.subarray(parseInt(offset, 16), parseInt(offset, 16) + data.length).equals(data)).toBe(true);
    } finally {
      await sim.stop();
    }
  }, 60_000);

  it('without --port: one line, exit 1', async () => {
    await expect(flashProject(readManifest(dir, { needAgent: false }), {})).rejects.toMatchObject({ exitCode: EXIT.user, message: expect.stringMatching(/give --port/) });
  });
});

describe('tinyfit flash refusals', () => {
  it('a board tinyfit cannot flash, and a file instead of a project', () => {
    const dir = path.join(root, 'nano');
    expect(runCli(['generate', 'examples/sine/model.json', '--target', 'nano33ble', '--out', dir]).status).toBe(0);
    let r = runCli(['flash', dir, '--port', '/dev/null']);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/\ntinyfit: error: tinyfit cannot flash nano33ble boards itself: flash .* with the vendor's tool, then use --port with run, profile or validate\n$/);
    r = runCli(['flash', path.join(dir, 'tinyfit.json')]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/is a file: give the project folder/);
  });
});
