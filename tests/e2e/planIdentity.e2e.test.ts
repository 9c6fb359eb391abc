/**
 * Every zoo model's generated C output is bit-for-bit the same with the TFLM-style greedy baseline plan (model
 * order, plain buffers) and with the best plan (reordering, in-place ops and depthwise, zero-copy concat,
 * write-behind overlaps): memory tricks never change a single bit.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { generate } from '../../src/codegen';
import { getTf } from '../../src/engine';
import { importModel } from '../../src/import';
import { optimize } from '../../src/passes';
import { numel, tensor } from '../../src/ir/graph';
import { runFloat } from '../../src/reference/runFloat';
import { buildRunner, STRICT, worstError } from '../helpers/cproject';
import { uniformArray } from '../helpers/rng';
import { randomDag } from '../plan/randomDags';
import { tempDir } from '../helpers/zooRun';
import { ZOO, zooInputs } from '../zoo/models';
import { saveModel, seedWeights } from '../zoo/save';

const root = tempDir('planid');
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

const BASELINE = { inPlace: false, zeroCopyConcat: false, writeBehind: false, reorder: false, algorithms: ['greedy-by-size'] };

describe('generated C is identical under the baseline and the best plan', () => {
  ZOO.forEach((entry, i) =>
    it(entry.name, async () => {
      const tf = await getTf();
      const m = entry.build(tf);
      seedWeights(m, 900 + i);
      const dir = path.join(root, entry.name);
      await saveModel(m, path.join(dir, 'model'));
      const g = optimize(importModel(path.join(dir, 'model', 'model.json')));
      const best = generate(g, { target: 'host', outDir: path.join(dir, 'best'), name: 'm' });
      const base = generate(g, { target: 'host', outDir: path.join(dir, 'base'), name: 'm', plan: BASELINE });
      expect(best.arenaBytes).toBeLessThanOrEqual(base.arenaBytes);
      const input = Buffer.concat(
        [0, 1, 2].flatMap((s) => zooInputs(entry, 77 * i + s).map((x) => Buffer.from(x.buffer, x.byteOffset, x.byteLength))),
      );
      const outs = [path.join(dir, 'best'), path.join(dir, 'base')].map((d) => {
        const r = spawnSync(buildRunner(d, 'gcc', `-O2 ${STRICT}`), [], { input, maxBuffer: 1 << 28 });
        expect(r.status).toBe(0);
        return r.stdout;
      });
      expect(outs[0].length).toBeGreaterThan(0);
      expect(Buffer.compare(outs[0], outs[1])).toBe(0);
    }, 120_000),
  );
});

describe('random DAGs: C output identical under every plan and equal to the reference', () => {
  const seeds = [11, 23, 42, 77, 101, 250, 333, 404, 512, 999];
  it.each(seeds)('seed %d', (seed) => {
    const g = randomDag(seed, 14);
    const dir = path.join(root, `dag${seed}`);
    const inputs = [0, 1].map((s) => g.inputs.map((id) => uniformArray(numel(tensor(g, id).shape), seed * 10 + s)));
    const stdin = Buffer.concat(inputs.flat().map((x) => Buffer.from(x.buffer, x.byteOffset, x.byteLength)));
    const plans = { best: {}, base: BASELINE, noviews: { zeroCopyConcat: false }, nooverlap: { writeBehind: false, reorder: false } };
    const outs = Object.entries(plans).map(([name, plan]) => {
      const r = generate(g, { target: 'host', outDir: path.join(dir, name), name: 'm', plan });
      const run = spawnSync(buildRunner(path.join(dir, name), 'gcc', `-O1 -g ${STRICT} -fsanitize=address,undefined -fno-sanitize-recover=all`), [], { input: stdin, env: { ...process.env, ASAN_OPTIONS: 'detect_leaks=0' } });
      expect(run.status).toBe(0);
      return { r, out: run.stdout };
    });
    for (const o of outs.slice(1)) expect(Buffer.compare(o.out, outs[0].out)).toBe(0);
    // And the values are the float reference's.
    const f = new Float32Array(outs[0].out.buffer.slice(outs[0].out.byteOffset, outs[0].out.byteOffset + outs[0].out.length));
    let k = 0;
    for (const sample of inputs) {
      for (const ref of runFloat(g, sample)) {
        const got = f.slice(k, k + ref.length);
        k += ref.length;
        expect(worstError(got, ref, 1e-5, 1e-4).excess).toBeLessThanOrEqual(0);
      }
    }
    expect(k).toBe(f.length);
  }, 120_000);
});
