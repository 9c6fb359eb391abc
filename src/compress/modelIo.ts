/**
 * Saving and loading TF.js Layers models as `model.json` + `weights.bin` (the layout `tf.loadLayersModel` and the
 * TF.js converter use) without tfjs-node's `file://` handler: the compression pipeline hands its fine-tuned model
 * to the importer this way, and the example scripts store their models with it.
 */
import * as fs from 'fs';
import * as path from 'path';
import type * as TF from '@tensorflow/tfjs';

/**
 * Saves a Layers model as `<dir>/model.json` + `<dir>/weights.bin` in the layout `tf.loadLayersModel`
 * and the TF.js converter use (weightsManifest paths `['weights.bin']`). Returns the weights size in bytes.
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

