/**
 * Issue 12 acceptance: SET_INPUT and LOAD_WEIGHTS move payload at ≥ 85 % of line rate at 115200 and 921600 baud.
 * The agent is the VWW runner of the linux family built with gcc (a peer that keeps up with the line, as an MCU's
 * UART does), behind a line paced to 10 bits per byte; the same measurement as `npm run bench` (bench/deviceLink.ts).
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { buildVww, measureLink } from '../../bench/deviceLink';

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'tinyfit-throughput-'));
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

test('SET_INPUT and LOAD_WEIGHTS at ≥ 0.85 of line rate (and never faster than the line)', async () => {
  const m = buildVww(path.join(root, 'vww'), 'rpi4');
  expect(m.agent!.maxPayload).toBe(4096);
  const figures = await measureLink(m.dir, 'native');
  expect(figures.map((f) => `${f.command}@${f.baud}`)).toEqual(['SET_INPUT@115200', 'LOAD_WEIGHTS@115200', 'SET_INPUT@921600', 'LOAD_WEIGHTS@921600']);
  for (const f of figures) {
    expect(f.ratio).toBeGreaterThanOrEqual(0.85);
    expect(f.ratio).toBeLessThanOrEqual(1.001);
  }
}, 90_000);
