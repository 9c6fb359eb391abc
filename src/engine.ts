/**
 * Loads the TF.js engine once: `@tensorflow/tfjs-node` when it is installed and loads (native, fastest),
 * else `@tensorflow/tfjs` with the wasm backend, else the pure-JS cpu backend.
 */
import type * as TF from '@tensorflow/tfjs';

let cached: Promise<typeof TF> | undefined;

async function load(): Promise<typeof TF> {
  try {
    // Optional dependency: absent where its install script could not download libtensorflow.
    // eslint-disable-next-line @typescript-eslint/no-var-requires
    const tfn = require('@tensorflow/tfjs-node') as typeof TF;
    return tfn;
  } catch {
    // fall through to the portable engine
  }
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  const tf = require('@tensorflow/tfjs') as typeof TF;
  try {
    require('@tensorflow/tfjs-backend-wasm');
    if (await tf.setBackend('wasm')) {
      await tf.ready();
      return tf;
    }
  } catch {
    // wasm unavailable: use cpu
  }
  await tf.setBackend('cpu');
  await tf.ready();
  return tf;
}

/** The TF.js namespace with the best available backend selected. */
export function getTf(): Promise<typeof TF> {
  if (!cached) cached = load();
  return cached;
}

/** Switches to the cpu backend (training convolutions needs gradient kernels the wasm backend lacks). */
export async function useCpuBackend(): Promise<typeof TF> {
  const tf = await getTf();
  if (tf.getBackend() === 'wasm') {
    await tf.setBackend('cpu');
    await tf.ready();
  }
  return tf;
}
