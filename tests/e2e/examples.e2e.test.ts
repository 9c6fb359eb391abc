/**
 * The shipped MNIST models: generated C (host, gcc with sanitizers) classifies the 2,000 held-out digits exactly
 * as TF.js predict does (every output within 1e-4 + 1e-3·|ref|), reproducing the accuracy in metrics.json.
 */
import * as fs from 'fs';
import * as path from 'path';
import type * as TF from '@tensorflow/tfjs';
import { generate } from '../../src/codegen';
import { getTf } from '../../src/engine';
import { importModel } from '../../src/import';
import { readNpy } from '../../src/io/npy';
import { optimize } from '../../src/passes';
import { buildRunner, runRunner, worstError } from '../helpers/cproject';
import { tempDir } from '../helpers/zooRun';
import { loadSaved } from '../zoo/save';

const EX = path.join(__dirname, '../../examples/mnist');
const root = tempDir('examples');
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

function argmax(v: Float32Array): number {
  let best = 0;
  for (let i = 1; i < v.length; i++) if (v[i] > v[best]) best = i;
  return best;
}

describe.each(['mlp', 'lenet5'])('examples/mnist/%s', (name) => {
  it('C output equals TF.js on all 2,000 test digits and reproduces the recorded accuracy', async () => {
    const tf = await getTf();
    const metrics = JSON.parse(fs.readFileSync(path.join(EX, 'metrics.json'), 'utf8')).models[name];
    const x = readNpy(path.join(EX, 'test_x.npy'));
    const y = readNpy(path.join(EX, 'test_y.npy'));
    const n = x.shape[0];
    expect(n).toBe(2000);
    const per = 28 * 28;
    const samples = Array.from({ length: n }, (_, i) => [(x.data as Float32Array).slice(i * per, (i + 1) * per)]);

    const out = path.join(root, name);
    const r = generate(optimize(importModel(path.join(EX, name, 'model.json'))), { target: 'host', outDir: out, name });
    const got = runRunner(buildRunner(out), samples, [r.outputs[0].bytes / 4]);

    const model = await loadSaved(path.join(EX, name));
    const ref = tf.tidy(() => (model.predict(tf.tensor(x.data as Float32Array, [n, 28, 28, 1])) as TF.Tensor).dataSync() as Float32Array);
    let correct = 0;
    for (let i = 0; i < n; i++) {
      const e = worstError(got[i][0], ref.slice(i * 10, i * 10 + 10));
      if (e.excess > 0) throw new Error(`digit ${i}: C ${e.got} vs TF.js ${e.ref}`);
      if (argmax(got[i][0]) === y.data[i]) correct++;
    }
    console.log(`${name}: C host accuracy ${correct}/${n} = ${(correct / n * 100).toFixed(2)} % (metrics.json: ${metrics.testCorrect})`);
    expect(correct).toBe(metrics.testCorrect);
  }, 300_000);
});
