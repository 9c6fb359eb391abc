/**
 * The compressed MNIST models shipped in examples/deep-compression/ (written by `tinyfit compress`, see its
 * README): on all 2,000 test digits the generated C — the host build and the qemu-cortex-m4 firmware — computes
 * exactly the int8 reference's output bytes, hence its predicted classes and the accuracy the compression
 * report states; `tinyfit build`'s weights + model constants equal the report's bytes; and the whole (report
 * bytes + the model's code) stays within the issue's ratios to the float32 weights.
 */
import * as fs from 'fs';
import * as path from 'path';
import { buildProject } from '../../src/build';
import { generate } from '../../src/codegen';
import { loadGraph } from '../../src/io/graphFile';
import { readNpy } from '../../src/io/npy';
import { setIo } from '../../src/quantize/boundary';
import { runInt8 } from '../../src/reference/runInt8';
import { runBatchFirmware } from '../helpers/batchFirmware';
import { bytesOf, graphInputs, runInt8C } from '../helpers/int8Run';
import { tempDir } from '../helpers/zooRun';

const root = path.join(__dirname, '../../examples/deep-compression');
const mnist = path.join(__dirname, '../../examples/mnist');
const models = fs.existsSync(root) ? fs.readdirSync(root).filter((d) => fs.existsSync(path.join(root, d, 'tinyfit.json'))) : [];

interface Meta {
  compression: { accuracy: number; baselineAccuracy: number; totalBytes: number; floatBytes: number; evalSamples: number };
}

const argmax = (b: Buffer): number => {
  const v = new Int8Array(b.buffer, b.byteOffset, b.length);
  let k = 0;
  for (let i = 1; i < v.length; i++) if (v[i] > v[k]) k = i;
  return k;
};

it('ships compressed models', () => {
  expect(models.length).toBeGreaterThanOrEqual(2);
});

describe.each(models)('examples/deep-compression/%s', (name) => {
  let graph: ReturnType<typeof loadGraph>['graph'];
  let report: Meta['compression'];
  let samples: Int8Array[][];
  let want: Buffer[];
  let labels: ArrayLike<number>;
  const dir = tempDir(`deepc-${name}`);
  beforeAll(() => {
    const loaded = loadGraph(path.join(root, name));
    graph = loaded.graph;
    report = (loaded.meta as Meta).compression;
    setIo(graph, 'int8'); // int8 in and out: the digits are compiled into the firmware as int8
    const x = readNpy(path.join(mnist, 'test_x.npy'));
    labels = readNpy(path.join(mnist, 'test_y.npy')).data as ArrayLike<number>;
    const n = x.shape[0];
    const len = x.data.length / n;
    samples = Array.from({ length: n }, (_, i) => graphInputs(graph, [(x.data as Float32Array).subarray(i * len, (i + 1) * len)]) as Int8Array[]);
    want = samples.map((s) => bytesOf(runInt8(graph, s)[0]));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('the int8 reference reaches the accuracy the report states on the 2,000 test digits', () => {
    expect(samples.length).toBe(2000);
    expect(report.evalSamples).toBe(2000);
    const correct = want.filter((b, i) => argmax(b) === Number(labels[i])).length;
    expect(correct / 2000).toBeCloseTo(report.accuracy, 10);
    expect(report.accuracy).toBeGreaterThanOrEqual(report.baselineAccuracy - 0.003 - 1e-9);
  });

  it('the host C computes the reference bytes on all 2,000 digits', () => {
    const outDir = path.join(dir, 'host');
    generate(graph, { target: 'host', outDir, name: 'm' });
    const c = runInt8C({ quant: graph, outDir }, samples);
    const diff = c.map((o, i) => (o[0].equals(want[i]) ? -1 : i)).filter((i) => i >= 0);
    expect(diff).toEqual([]);
  });

  it('qemu-cortex-m4: build flash = report bytes + code; the firmware computes the reference bytes on all 2,000 digits', () => {
    const outDir = path.join(dir, 'm4');
    generate(graph, { target: 'qemu-cortex-m4', outDir, agent: false, testInput: samples[0] });
    const b = buildProject(outDir);
    expect(b.flash.weights + b.flash.constants).toBe(report.totalBytes);
    expect(b.flash.used).toBe(report.totalBytes + b.flash.code);
    const got = runBatchFirmware(outDir, samples.map((s) => s[0]), want[0].length);
    const diff = got.map((o, i) => (o.equals(want[i]) ? -1 : i)).filter((i) => i >= 0);
    expect(diff).toEqual([]);
    const modelBytes = report.totalBytes + b.flash.modelCode!;
    // issue 14's targets: Deep Compression's 40x (LeNet-300-100) and 39x (LeNet-5), counting the model's code
    const target = ({ 'lenet-300-100': 40, 'lenet-5': 39 } as Record<string, number>)[name] ?? 1;
    expect(report.floatBytes / modelBytes).toBeGreaterThanOrEqual(target);
    console.log(`${name}: weights.c ${report.totalBytes} B + model code ${b.flash.modelCode} B = ${modelBytes} B; float32 ${report.floatBytes} B: ${(report.floatBytes / modelBytes).toFixed(1)}x; accuracy ${(100 * report.accuracy).toFixed(2)} % vs ${(100 * report.baselineAccuracy).toFixed(2)} %`);
  });
});
