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
import { buildRunner, STRICT } from '../helpers/cproject';
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
