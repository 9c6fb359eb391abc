/**
 * TF.js Layers models ↔ files and the IR: saving (and loading) a model as `model.json` + `weights.bin` (the layout
 * `tf.loadLayersModel` and the TF.js converter use) without tfjs-node's `file://` handler, and importing an
 * in-memory model into an IR graph through the regular importer (so MACs, sizes and quantization of a model
 * being compressed are computed by the same code as for a model read from disk).
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type * as TF from '@tensorflow/tfjs';
import { importLayersModel } from '../import/layersModel';
import type { Graph } from '../ir/types';

/**
 * Saves a Layers model as `<dir>/model.json` + `<dir>/weights.bin` (weightsManifest paths `['weights.bin']`).
 * @returns the weights size in bytes
 */
export async function saveLayersModel(tf: typeof TF, model: TF.LayersModel, dir: string): Promise<number> {
  fs.mkdirSync(dir, { recursive: true });
  let bytes = 0;
  await model.save(
    tf.io.withSaveHandler(async (artifacts) => {
      const weightData = artifacts.weightData === undefined ? new ArrayBuffer(0) : tf.io.CompositeArrayBuffer.join(artifacts.weightData);
      bytes = weightData.byteLength;
      const modelJson: Record<string, unknown> = {
        modelTopology: artifacts.modelTopology,
        format: artifacts.format,
        generatedBy: artifacts.generatedBy,
        convertedBy: artifacts.convertedBy ?? null,
        weightsManifest: [{ paths: ['weights.bin'], weights: artifacts.weightSpecs ?? [] }],
      };
      if (artifacts.trainingConfig) modelJson.trainingConfig = artifacts.trainingConfig;
      fs.writeFileSync(path.join(dir, 'model.json'), JSON.stringify(modelJson));
      fs.writeFileSync(path.join(dir, 'weights.bin'), Buffer.from(weightData));
      return {
        modelArtifactsInfo: {
          dateSaved: new Date(),
          modelTopologyType: 'JSON',
          modelTopologyBytes: JSON.stringify(artifacts.modelTopology).length,
          weightSpecsBytes: JSON.stringify(artifacts.weightSpecs ?? []).length,
          weightDataBytes: weightData.byteLength,
        },
      };
    }),
  );
  return bytes;
}

/** Imports an in-memory Layers model into an IR graph (via a temporary model folder and src/import). */
export async function layersModelToGraph(tf: typeof TF, model: TF.LayersModel): Promise<Graph> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tinyfit-model-'));
  try {
    await saveLayersModel(tf, model, dir);
    return importLayersModel(path.join(dir, 'model.json'));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** Loads a model saved by {@link saveLayersModel} (reads `model.json` and the files its manifest names). */
export async function loadLayersModelFromDir(tf: typeof TF, dir: string): Promise<TF.LayersModel> {
  const json = JSON.parse(fs.readFileSync(path.join(dir, 'model.json'), 'utf8')) as TF.io.ModelJSON;
  const specs: TF.io.WeightsManifestEntry[] = [];
  const buffers: Buffer[] = [];
  for (const group of json.weightsManifest) {
    specs.push(...group.weights);
    for (const p of group.paths) buffers.push(fs.readFileSync(path.join(dir, p)));
  }
  const all = Buffer.concat(buffers);
  const weightData = all.buffer.slice(all.byteOffset, all.byteOffset + all.byteLength);
  return tf.loadLayersModel(tf.io.fromMemory({ modelTopology: json.modelTopology, weightSpecs: specs, weightData }));
}
