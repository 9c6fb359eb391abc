/**
 * The float zoo on every virtual board (CI in emulation, issue 11): each zoo model generated for the virtual
 * Cortex-M boards (qemu-system-arm), the RV32IMC board (qemu-system-riscv32) and the Raspberry Pi 4 (qemu-aarch64),
 * built with `tinyfit build` and run; every output within 1e-4 + 1e-3·|host| of the host build on the same input, or,
 * where the board's memory cannot hold the model, refused by `tinyfit build` naming the consumers.
 */
import * as fs from 'fs';
import * as path from 'path';
import { generate } from '../../src/codegen';
import { Graph } from '../../src/ir/types';
import { ZOO } from '../zoo/models';
import { buildOrRefuse, expectFits, floats, hostOutputs } from '../helpers/boardCompare';
import { runFirmware } from '../helpers/firmware';
import { prepareZoo, tempDir } from '../helpers/zooRun';

const BOARDS = ['qemu-cortex-m4', 'qemu-cortex-m7', 'qemu-cortex-m33', 'qemu-cortex-m55', 'qemu-cortex-m0', 'qemu-cortex-m3', 'qemu-stm32f405', 'qemu-riscv32', 'rpi4'];
const root = tempDir('zoofw');
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

describe.each(ZOO.map((e) => [e.name, e] as const))('%s on the virtual boards', (name, entry) => {
  let graph: Graph;
  let input: Float32Array[];
  let host: Buffer[];
  beforeAll(async () => {
    const run = await prepareZoo(entry, root, 3, 1);
    run.model.dispose();
    graph = run.graph;
    input = run.samples[0];
    host = hostOutputs(graph, path.join(root, `${name}_host`), input);
  }, 120_000);

  it.each(BOARDS.map((b) => [b]))('%s: within 1e-4 + 1e-3·|host| of the host build, or refused by name', (board) => {
    const outDir = path.join(root, board, `${name}_fw`);
    const r = generate(graph, { target: board, outDir, testInput: input });
    const built = buildOrRefuse(outDir);
    expect(built !== undefined).toBe(expectFits(board, r.weightBytes, r.arenaBytes));
    if (!built) return;
    const fw = runFirmware(outDir, 240_000);
    expect(fw.outputs.length).toBe(host.length);
    fw.outputs.forEach((o, k) => {
      const got = floats(o);
      const want = floats(host[k]);
      expect(got.length).toBe(want.length);
      got.forEach((v, i) => expect(Math.abs(v - want[i])).toBeLessThanOrEqual(1e-4 + 1e-3 * Math.abs(want[i])));
    });
  }, 300_000);
});
