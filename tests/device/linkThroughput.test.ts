/**
 * The paced-link measurement behind `npm run bench`'s throughput figures (bench/deviceLink.ts): SET_INPUT and
 * LOAD_WEIGHTS through a line paced to 10 bits per byte, against the VWW runner of the linux family built with gcc,
 * with 4 KB frames. Checked here: the transfers complete (LOAD_WEIGHTS's CRC is verified inside) and the pacing
 * never lets payload through faster than the line. The ratio to line rate (the ≥ 0.85 acceptance figure) is a
 * benchmark, printed by `npm run bench`, not asserted: a loaded machine only makes it lower.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { buildVww, measureLink } from '../../bench/deviceLink';

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'tinyfit-throughput-'));
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

test('SET_INPUT and LOAD_WEIGHTS through the paced line: complete, never faster than the line', async () => {
  const m = buildVww(path.join(root, 'vww'), 'rpi4');
  expect(m.agent!.maxPayload).toBe(4096);
  const figures = await measureLink(m.dir, 'native');
  expect(figures.map((f) => `${f.command}@${f.baud}`)).toEqual(['SET_INPUT@115200', 'LOAD_WEIGHTS@115200', 'SET_INPUT@921600', 'LOAD_WEIGHTS@921600']);
  for (const f of figures) {
    console.log(`${f.command} at ${f.baud} baud: ${f.ratio.toFixed(3)} of line rate`);
    expect(f.ratio).toBeGreaterThan(0);
    expect(f.ratio).toBeLessThanOrEqual(1.001);
  }
}, 90_000);
