/**
 * Acceptance (int8): for every zoo architecture and every single-layer case, the generated int8 C (gcc with
 * ASan/UBSan) computes exactly — byte for byte — what the TypeScript int8 reference computes, over rounding
 * modes (double, single), per-channel and per-tensor weights, float and int8 I/O, and dynamic fixed point.
 */
import * as fs from 'fs';
import { runInt8 } from '../../src/reference/runInt8';
import { QuantizeGraphOptions } from '../../src/quantize/quantizeGraph';
import { bytesOf, graphInputs, prepareInt8, runInt8C } from '../helpers/int8Run';
import { tempDir } from '../helpers/zooRun';
import { LAYER_CASES, ZOO, ZooEntry, zooInputs } from '../zoo/models';

const root = tempDir('int8');
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

/** Option sets cycled over the cases, so every combination meets many op kinds. */
const VARIANTS: QuantizeGraphOptions[] = [
  {},
  { rounding: 'single', io: 'int8' },
  { perChannel: false, denseperChannel: true },
  { scheme: 'dfp' },
  { rounding: 'single', perChannel: false },
  { io: 'int8', denseperChannel: true },
];

function check(entry: ZooEntry, seed: number, opts: QuantizeGraphOptions) {
  return async () => {
    const c = await prepareInt8(entry, root, seed, opts);
    const floats = [0, 1, 2].map((i) => zooInputs(entry, seed * 101 + i));
    const samples = floats.map((f) => graphInputs(c.quant, f));
    const got = runInt8C(c, samples);
    samples.forEach((s, si) => {
      const ref = runInt8(c.quant, s);
      ref.forEach((r, oi) => {
        const want = bytesOf(r);
        if (!want.equals(got[si][oi])) {
          const at = want.findIndex((b, i) => b !== got[si][oi][i]);
          throw new Error(`${entry.name} (${JSON.stringify(opts)}) sample ${si} output ${oi}: C differs from the int8 reference at byte ${at}`);
        }
      });
    });
  };
}

describe('int8 zoo architectures: generated C equals the int8 reference bit for bit', () => {
  ZOO.forEach((e, i) => it(`${e.name} ${JSON.stringify(VARIANTS[i % VARIANTS.length])}`, check(e, 300 + i, VARIANTS[i % VARIANTS.length]), 300_000));
});

describe('int8 single-layer cases: generated C equals the int8 reference bit for bit', () => {
  LAYER_CASES.forEach((e, i) => it(`${e.name} ${JSON.stringify(VARIANTS[i % VARIANTS.length])}`, check(e, 700 + i, VARIANTS[i % VARIANTS.length]), 120_000));
});
