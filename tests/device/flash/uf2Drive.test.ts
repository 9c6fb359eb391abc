/**
 * The UF2 flasher against a folder standing in for the boot drive (INFO_UF2.TXT): the file arrives whole, the
 * "ROM" takes it and the drive vanishes; no drive, two drives, a drive that stays (rejected file): one line each.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { findUf2Drives, flashUf2 } from '../../../src/device/flash/uf2Drive';
import { EXIT } from '../../../src/errors';

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'tinyfit-uf2-'));
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

function drive(name: string): string {
  const d = path.join(root, 'media', 'user', name);
  fs.mkdirSync(d, { recursive: true });
  fs.writeFileSync(path.join(d, 'INFO_UF2.TXT'), 'UF2 Bootloader v3.0\nModel: Raspberry Pi RP2\nBoard-ID: RPI-RP2\n');
  return d;
}

const uf2 = path.join(root, 'firmware.uf2');
fs.writeFileSync(uf2, Buffer.alloc(512 * 100, 0x5a));

it('copies the file and waits for the ROM to restart (the drive vanishes)', async () => {
  const d = drive('RPI-RP2');
  expect(findUf2Drives([path.join(root, 'media')])).toEqual([{ path: d, boardId: 'RPI-RP2' }]);
  let copied: Buffer | undefined;
  const rom = setInterval(() => {
    const f = path.join(d, 'firmware.uf2');
    if (fs.existsSync(f) && fs.statSync(f).size === 51_200) {
      copied = fs.readFileSync(f);
      fs.rmSync(d, { recursive: true });
      clearInterval(rom);
    }
  }, 20);
  const r = await flashUf2(uf2, { roots: [path.join(root, 'media')], boardId: 'RPI-RP2' });
  expect(copied?.equals(fs.readFileSync(uf2))).toBe(true);
  expect(r).toMatchObject({ bytes: 51_200, verified: 'boot-rom' });
});

it('no drive, two drives, a rejected file: one line with the step’s exit code', async () => {
  const roots = [path.join(root, 'media')];
  await expect(flashUf2(uf2, { roots, boardId: 'RPI-RP2' })).rejects.toMatchObject({ exitCode: EXIT.connect, message: expect.stringMatching(/^connect: no UF2 boot drive \(RPI-RP2\) is mounted: hold BOOTSEL/) });
  drive('A');
  const b = drive('B');
  await expect(flashUf2(uf2, { roots })).rejects.toMatchObject({ exitCode: EXIT.connect, message: expect.stringMatching(/^connect: 2 UF2 boot drives are mounted .*refusing to guess/) });
  await expect(flashUf2(uf2, { port: b, restartTimeoutMs: 300 })).rejects.toMatchObject({ exitCode: EXIT.reset, message: expect.stringMatching(/^reset: the boot drive .* is still there 300 ms after the copy/) });
  await expect(flashUf2(uf2, { port: root })).rejects.toMatchObject({ exitCode: EXIT.connect, message: expect.stringMatching(/is no UF2 boot drive/) });
});
