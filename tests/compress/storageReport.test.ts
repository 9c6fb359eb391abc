/**
 * storageReport (src/ir/storage/report.ts): per weight tensor figures on a mixed compressed MLP (formats, kept
 * entries, fillers, bits, RAM, float32 base), and its total flash bytes equal the bytes of the model's constant
 * arrays in the qemu-cortex-m4 build (arm-none-eabi-nm -S of the ELF, summing the `<prefix>_w<n>_` symbols).
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { buildProject } from '../../src/build';
import { generate } from '../../src/codegen';
import { StorageChoice, compressWeights, storageReport } from '../../src/ir/storage';
import { setIo } from '../../src/quantize/boundary';
import { tempDir } from '../helpers/zooRun';
import { int8Mlp, prune, reshapeWeights, snap } from './mlp';

const root = tempDir('storage-report');
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

/** A 4-layer MLP: sparse-clustered + Huffman stream, sparse-clustered start-up, clustered Huffman, dense int8. */
function model() {
  const q = int8Mlp([300, 120, 60, 30, 10], 21);
  setIo(q, 'int8');
  const g = reshapeWeights(q, 21, (w, l, r) => (l < 2 ? snap(4)(prune(0.93)(w, l, r)) : l === 2 ? snap(3)(w) : w));
  const formats: (StorageChoice | undefined)[] = [
    { kind: 'sparseClustered', huffman: 'stream' },
    { kind: 'sparseClustered', gapBits: 3, huffman: 'startup' },
    { kind: 'clustered', huffman: true },
    undefined,
  ];
  return compressWeights(g, (name) => formats[Number(name.slice(2)) - 1]);
}

describe('storageReport', () => {
  const g = model();
  const r = storageReport(g);
  it('describes every dense weight tensor', () => {
    expect(r.rows.map((x) => x.format)).toEqual(['sparseClustered+huffman-stream', 'sparseClustered+huffman-startup', 'clustered+huffman-startup', 'int8']);
    const [a, b, c, d] = r.rows;
    expect(a.weights).toBe(300 * 120);
    expect(a.kept).toBeGreaterThan(0.05 * a.weights);
    expect(a.kept).toBeLessThan(0.09 * a.weights);
    expect(b.fillers).toBeGreaterThan(0); // 3-bit gaps at 93 %: runs over 7 zeros
    expect(b.bitsPerGap).toBeLessThan(3);
    expect(a.ramBytes).toBe(0);
    expect(b.ramBytes).toBeGreaterThan(0);
    expect(c.bitsPerValue).toBeLessThanOrEqual(3);
    expect(d.flashBytes).toBe(30 * 10);
    expect(d.biasBytes).toBe(4 * 10); // dense int8 layer: int32 bias
    expect(a.biasBytes).toBe(2 * 120); // compressed layer: int16 bias
    expect(r.rows.map((x) => x.float32Bytes)).toEqual([4 * (300 * 120 + 120), 4 * (120 * 60 + 60), 4 * (60 * 30 + 30), 4 * (30 * 10 + 10)]);
    expect(r.total.ratio).toBeCloseTo(r.total.float32Bytes / r.total.flashBytes, 10);
    expect(r.total.ratio).toBeGreaterThan(8);
  });
  it("totals the flash bytes of the build's weight arrays (nm of the qemu-cortex-m4 ELF)", () => {
    const outDir = path.join(root, 'm4');
    const gen = generate(g, { target: 'qemu-cortex-m4', outDir, agent: false });
    const b = buildProject(outDir);
    const nm = execFileSync('arm-none-eabi-nm', ['-S', '--size-sort', path.resolve(outDir, b.binary)], { encoding: 'utf8' });
    const re = new RegExp(`^\\S+ (\\S+) [rRdD] ${gen.prefix}_w\\d+_`);
    const bytes = nm.split('\n').reduce((a, l) => { const m = re.exec(l); return a + (m ? parseInt(m[1], 16) : 0); }, 0);
    expect(bytes).toBe(r.total.flashBytes);
    expect(b.flash.weights).toBe(r.total.flashBytes);
  });
});
