/**
 * `tinyfit quantize` and `tinyfit generate --quantize`: the happy path on the shipped LeNet-5 (JSON report with
 * agreement, accuracy, SQNR per layer; saved ranges reused), and bad input — one `tinyfit: error:` line, exit 1,
 * nothing written.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { runCli } from '../helpers/cli';

const M = 'examples/mnist';
const root = fs.mkdtempSync(path.join(os.tmpdir(), 'tinyfit-cliq-'));
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

function expectOneLineError(args: string[], pattern: RegExp): void {
  const r = runCli(args);
  expect(r.status).toBe(1);
  const lines = r.stderr.trim().split('\n');
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(/^tinyfit: error: /);
  expect(lines[0]).toMatch(pattern);
  expect(r.stdout).toBe('');
}

describe('tinyfit quantize', () => {
  it('reports float vs int8 on LeNet-5 as JSON, saves ranges, and reuses them to the same result', () => {
    const ranges = path.join(root, 'ranges.json');
    const args = ['quantize', `${M}/lenet5`, '--eval', `${M}/test_x.npy`, '--labels', `${M}/test_y.npy`, '--max-eval', '40', '--json'];
    const r = runCli([...args, '--calibration', `${M}/calib_x.npy`, '--save-ranges', ranges], { timeout: 120_000 });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.calibration).toEqual({ method: 'minmax', samples: 100 });
    expect(out.quantizedWeightBytes / out.floatWeightBytes).toBeLessThan(0.26);
    expect(out.report.samples).toBe(40);
    expect(out.report.top1Agreement).toBeGreaterThanOrEqual(0.95);
    expect(out.report.accuracyQuantized).toBeGreaterThan(0.9);
    expect(out.report.cosine).toBeGreaterThan(0.99);
    expect(out.report.layers.map((l: { op: string }) => l.op)).toContain('conv1');
    expect(out.report.worst.sqnrDb).toBe(Math.min(...out.report.layers.map((l: { sqnrDb: number }) => l.sqnrDb)));
    expect(fs.existsSync(ranges)).toBe(true);

    const again = runCli([...args, '--ranges', ranges], { timeout: 120_000 });
    expect(again.status).toBe(0);
    expect(JSON.parse(again.stdout).report).toEqual(out.report);
  }, 240_000);

  it('rejects bad input with one line and exit 1', () => {
    const noRanges = path.join(root, 'never.json');
    expectOneLineError(['quantize', `${M}/lenet5`], /--calibration/);
    expectOneLineError(['quantize', `${M}/lenet5`, '--calibration', `${M}/test_y.npy`], /test_y\.npy.*float32/);
    expectOneLineError(['quantize', `${M}/lenet5`, '--calibration', path.join(root, 'missing.npy')], /missing\.npy/);
    expectOneLineError(['quantize', `${M}/lenet5`, '--calibration', `${M}/calib_x.npy`, '--labels', `${M}/test_y.npy`], /--labels needs --eval/);
    expectOneLineError(['quantize', `${M}/lenet5`, '--calibration', `${M}/calib_x.npy`, '--eval', `${M}/test_x.npy`, '--labels', `${M}/calib_x.npy`], /calib_x\.npy: labels/);
    expectOneLineError(['quantize', `${M}/lenet5`, '--calibration', `${M}/calib_x.npy`, '--method', 'bogus'], /method/);
    expectOneLineError(['quantize', `${M}/lenet5`, '--ranges', noRanges], /never\.json/);
    expectOneLineError(['quantize', `${M}/lenet5`, '--calibration', `${M}/calib_x.npy`, '--save-ranges', path.join(root, 'no', 'dir', 'r.json')], /cannot write/);
    const out = path.join(root, 'gen');
    expectOneLineError(['generate', `${M}/lenet5`, '-t', 'host', '-o', out, '--io', 'int8'], /--io int8 needs --quantize/);
    expectOneLineError(['generate', `${M}/lenet5`, '-t', 'host', '-o', out, '--quantize', 'int8'], /--calibration/);
    expect(fs.existsSync(out)).toBe(false);
    expect(fs.readdirSync(root).filter((f) => f.includes('.tmp-'))).toEqual([]);
  }, 120_000);
});
