/**
 * Acceptance: for every zoo architecture and every single-layer case, the generated C (gcc with ASan/UBSan,
 * and a clang -Werror compile) computes what TF.js predict computes within 1e-4 + 1e-3·|ref| per element,
 * and so does the TypeScript reference interpreter.
 */
import * as fs from 'fs';
import { runFloat } from '../../src/reference/runFloat';
import { compileOnly, worstError } from '../helpers/cproject';
import { prepareZoo, runZooC, tempDir } from '../helpers/zooRun';
import { LAYER_CASES, ZOO, ZooEntry } from '../zoo/models';

const root = tempDir('zoo');
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

function check(entry: ZooEntry, seed: number) {
  return async () => {
    const run = await prepareZoo(entry, root, seed);
    const got = runZooC(run);
    compileOnly(run.outDir, 'clang');
    run.samples.forEach((s, si) => {
      const ref = runFloat(run.graph, s);
      run.expected[si].forEach((exp, oi) => {
        const c = worstError(got[si][oi], exp);
        if (c.excess > 0) throw new Error(`${entry.name} sample ${si} output ${oi}: C ${c.got} vs TF.js ${c.ref} at ${c.index}`);
        const r = worstError(ref[oi], exp);
        if (r.excess > 0) throw new Error(`${entry.name} sample ${si} output ${oi}: reference ${r.got} vs TF.js ${r.ref} at ${r.index}`);
      });
    });
  };
}

describe('zoo architectures: generated C equals TF.js predict', () => {
  it('has at least 12 architectures', () => expect(ZOO.length).toBeGreaterThanOrEqual(12));
  ZOO.forEach((e, i) => it(e.name, check(e, 100 + i), 300_000));
});

describe('single-layer cases: generated C equals TF.js predict', () => {
  LAYER_CASES.forEach((e, i) => it(e.name, check(e, 500 + i), 120_000));
});
