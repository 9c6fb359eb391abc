/**
 * Patch-based inference at the reference level: the receptive-field regions, the int8 reference run of the
 * patched schedule against the plain run (VWW and random CNNs, every split length, several grids), the patched
 * plans' validity, and the chooser (VWW: a smaller arena within the overhead cap, a RAM budget honoured).
 */
import * as path from 'path';
import { importModel } from '../../src/import';
import { numel, tensor } from '../../src/ir/graph';
import { Graph } from '../../src/ir/types';
import { checkPlacement, planMemory } from '../../src/plan';
import { inputRegion, patchableChain, patchRegions } from '../../src/plan/patch/receptive';
import { runInt8 } from '../../src/reference/runInt8';
import { runInt8Patched } from '../../src/reference/patched';
import { int8Input, randomCnn } from './patchModels';

const VWW = path.join(__dirname, '../../examples/mlperf-tiny/vww_96_int8.tflite');

const bytes = (v: ArrayLike<number> & { buffer: ArrayBufferLike }) => Buffer.from(v.buffer as ArrayBuffer).toString('hex');

/** Asserts the patched reference run equals the plain one for a spec on `n` inputs. */
function expectSame(g: Graph, length: number, grid: [number, number], seeds: number[]): void {
  const x = tensor(g, g.inputs[0]);
  for (const s of seeds) {
    const input = int8Input(numel(x.shape), s);
    const plain = runInt8(g, [input]).map((v) => bytes(v as Int8Array));
    const patched = runInt8Patched(g, { length, grid }, [input]).map((v) => bytes(v as Int8Array));
    expect({ length, grid, patched }).toEqual({ length, grid, patched: plain });
  }
}

describe('receptive regions', () => {
  it('back-propagates a window with stride, dilation and padding, clipped to the tensor', () => {
    const win = { k: [3, 5] as [number, number], s: [2, 1] as [number, number], d: [1, 2] as [number, number], pad: [1, 4] as [number, number] };
    // rows: outputs 0..2 read 2·0−1 … 2·2−1+2 = −1 … 5 → [0, 6); columns: outputs 3..4 read 3−4 … 4−4+8 = −1 … 8 → [0, 9)
    expect(inputRegion(win, { r0: 0, r1: 3, c0: 3, c1: 5 }, 10, 20)).toEqual({ r0: 0, r1: 6, c0: 0, c1: 9 });
    expect(inputRegion(win, { r0: 4, r1: 5, c0: 18, c1: 20 }, 9, 20)).toEqual({ r0: 7, r1: 9, c0: 14, c1: 20 });
  });

  it('covers the split tensor exactly once and the input of every patch', () => {
    const g = randomCnn(7);
    const L = patchableChain(g);
    const split = tensor(g, g.ops[L - 1].outputs[0]);
    const patches = patchRegions(g, { length: L, grid: [3, 2] });
    const seen = new Uint8Array(split.shape[0] * split.shape[1]);
    for (const p of patches) for (let r = p.outputs[L - 1].r0; r < p.outputs[L - 1].r1; r++) for (let c = p.outputs[L - 1].c0; c < p.outputs[L - 1].c1; c++) seen[r * split.shape[1] + c]++;
    expect([...new Set(seen)]).toEqual([1]);
  });
});

describe('patched int8 reference = plain', () => {
  const models = Array.from({ length: 24 }, (_, i) => randomCnn(100 + i));

  it('random CNNs: every split length, grids 2×2, 3×3, 1×4, 4×3 and the finest', () => {
    let specs = 0;
    for (const g of models) {
      const chain = patchableChain(g);
      expect(chain).toBeGreaterThan(0);
      for (let L = 1; L <= chain; L++) {
        const [h, w] = tensor(g, g.ops[L - 1].outputs[0]).shape;
        const grids: [number, number][] = [[2, 2], [3, 3], [1, 4], [4, 3], [h, w]];
        for (const grid of grids.filter(([a, b]) => a <= h && b <= w)) {
          expectSame(g, L, grid, [L]);
          specs++;
        }
      }
    }
    expect(specs).toBeGreaterThan(100);
    // The models cover dilated convolutions and every first-layer kind.
    expect(models.some((g) => g.ops.some((op) => op.kind === 'conv2d' && op.attrs.dilations[0] > 1))).toBe(true);
    expect(new Set(models.map((g) => g.ops[0].kind))).toEqual(new Set(['conv2d', 'depthwise_conv2d', 'pool2d']));
  });

  it('VWW (MobileNetV1-0.25 96×96): the chosen split and a deeper one', () => {
    const g = importModel(VWW);
    expectSame(g, 4, [9, 5], [1, 2]);
    expectSame(g, 8, [3, 3], [3]);
  });

  it('plans of random CNNs with patches are valid placements', () => {
    for (const g of models.slice(0, 12)) {
      const chain = patchableChain(g);
      const [h, w] = tensor(g, g.ops[chain - 1].outputs[0]).shape;
      const plan = planMemory(g, { patches: { split: chain - 1, grid: [Math.min(3, h), Math.min(2, w)] }, timeCapMs: 100 });
      expect(plan.patch?.spec.length).toBe(chain);
      expect(checkPlacement(plan.problem, plan.placement)).toEqual([]);
    }
  });
});

describe('patch chooser', () => {
  const g = importModel(VWW);
  const fast = { timeCapMs: 300 };
  const plain = planMemory(g, fast);

  it('VWW auto: a smaller arena within the default 4 % MAC overhead, and a smaller one still under a higher cap', () => {
    const plan = planMemory(g, { ...fast, patches: 'auto' });
    expect(plan.patch).toBeDefined();
    const p = plan.patch!;
    expect(plan.arenaBytes).toBeLessThan(plain.arenaBytes);
    expect(plan.arenaBytes).toBeLessThanOrEqual(33_504);
    expect(p.overheadPercent).toBeLessThanOrEqual(4);
    const wide = planMemory(g, { ...fast, patches: 'auto', patchMaxOverhead: 8 });
    expect(wide.arenaBytes).toBeLessThanOrEqual(30_064);
    expect(wide.patch!.overheadPercent).toBeLessThanOrEqual(8);
    expect(checkPlacement(plan.problem, plan.placement)).toEqual([]);
    // The input (27,648 B) is live through the whole stage: no plan can go below it.
    expect(plan.arenaBytes).toBeGreaterThan(27_648);
  });

  it('under a RAM budget the least recomputation that fits wins; no patches when the plain plan fits', () => {
    const fit = planMemory(g, { ...fast, patches: 'auto', ramBudget: 34_000, patchMaxOverhead: 8 });
    expect(fit.arenaBytes).toBeLessThanOrEqual(34_000);
    const tight = planMemory(g, { ...fast, patches: 'auto', patchMaxOverhead: 8 });
    expect(fit.patch!.extraMacs).toBeLessThan(tight.patch!.extraMacs);
    expect(planMemory(g, { ...fast, patches: 'auto', ramBudget: 40_000 }).patch).toBeUndefined();
    expect(planMemory(g, { ...fast, patches: 'off' }).patch).toBeUndefined();
  });

  it('rejects a split outside the patchable chain or a grid larger than the split tensor', () => {
    expect(() => planMemory(g, { patches: { split: 40, grid: 2 } })).toThrow(/not an op of the patchable first layers/);
    expect(() => planMemory(g, { patches: { split: 'model/activation_3/Relu', grid: 30 } })).toThrow(/does not fit the 24x24 output/);
  });
});
