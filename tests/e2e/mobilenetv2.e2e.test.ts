/**
 * Acceptance: a MobileNetV2-class model (≥ 3 M parameters, 224×224×3) saved with a tfjs-converter uint8
 * quantized weight manifest imports, generates in < 20 s, compiles, and its C output matches TF.js predict of
 * the same (dequantized) model.
 */
import * as fs from 'fs';
import * as path from 'path';
import { spawnSync } from 'child_process';
import { getTf } from '../../src/engine';
import { buildRunner, runRunner, STRICT, worstError } from '../helpers/cproject';
import { uniformArray } from '../helpers/rng';
import { tempDir } from '../helpers/zooRun';
import { buildMobileNetV2 } from '../zoo/models';
import { loadSaved, readModelJson, saveModel, seedWeights } from '../zoo/save';

const root = tempDir('mnv2');
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

it('imports a uint8-quantized MobileNetV2, generates in < 20 s, compiles and matches TF.js', async () => {
  const tf = await getTf();
  const model = buildMobileNetV2(tf);
  expect(model.countParams()).toBeGreaterThanOrEqual(3_000_000);
  seedWeights(model, 7);
  const modelDir = path.join(root, 'model');
  await saveModel(model, modelDir, { quantize: 'uint8', shardBytes: 1 << 20 });
  const manifest = readModelJson(modelDir).weightsManifest;
  expect(manifest[0].weights.some((w) => w.quantization?.dtype === 'uint8')).toBe(true);
  expect(manifest[0].paths.length).toBeGreaterThan(1);
  model.dispose();

  // Timed as users run it: the built CLI in its own process (jest's module sandbox is several times slower).
  const outDir = path.join(root, 'c');
  const t0 = Date.now();
  const cli = spawnSync(process.execPath, [path.join(__dirname, '../../dist/src/cli/index.js'), 'generate', modelDir, '--target', 'host', '--out', outDir, '--name', 'mnv2', '--json'], { encoding: 'utf8', maxBuffer: 1 << 26 });
  const seconds = (Date.now() - t0) / 1000;
  expect(cli.stderr).toBe('');
  expect(cli.status).toBe(0);
  const r = JSON.parse(cli.stdout) as { weightBytes: number; arenaBytes: number; outputs: { bytes: number }[] };
  console.log(`MobileNetV2: tinyfit generate ${seconds.toFixed(1)} s (budget 20 s), weights ${r.weightBytes} B, arena ${r.arenaBytes} B`);
  expect(seconds).toBeLessThan(20);

  const runner = buildRunner(outDir, 'gcc', `-O2 ${STRICT}`);
  const x = Float32Array.from(uniformArray(224 * 224 * 3, 11, 0, 1));
  const [[got]] = runRunner(runner, [[x]], [r.outputs[0].bytes / 4]);
  const reference = await loadSaved(modelDir); // the dequantized weights TF.js itself would use
  const ref = tf.tidy(() => (reference.predict(tf.tensor(x, [1, 224, 224, 3])) as import('@tensorflow/tfjs').Tensor).dataSync() as Float32Array);
  const w = worstError(got, ref);
  expect(w.excess).toBeLessThanOrEqual(0);
}, 600_000);
