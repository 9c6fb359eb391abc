/**
 * Classification accuracy of a TF.js Layers model on a labelled data set (argmax of the outputs).
 */
import type * as TF from '@tensorflow/tfjs';
import type { Dataset } from './dataset';

/** Fraction of samples whose argmax output equals the label, predicted in batches of `batchSize`. */
export function evaluateAccuracy(tf: typeof TF, model: TF.LayersModel, data: Dataset, batchSize = 500): number {
  const s = data.sampleShape.reduce((a, b) => a * b, 1);
  let correct = 0;
  for (let start = 0; start < data.count; start += batchSize) {
    const n = Math.min(batchSize, data.count - start);
    const pred = tf.tidy(() => {
      const x = tf.tensor(data.x.subarray(start * s, (start + n) * s), [n, ...data.sampleShape]);
      return tf.argMax(model.predict(x) as TF.Tensor, -1);
    });
    const p = pred.dataSync();
    pred.dispose();
    for (let i = 0; i < n; i++) if (p[i] === data.labels[start + i]) correct++;
  }
  return data.count === 0 ? 0 : correct / data.count;
}
