/** Identity at inference (Dropout, GaussianNoise, ...): kept by the importer, removed by strip-training-only. */
import { NO_MACS, OpDef, Shapes } from './def';

export interface IdentityAttrs {
  /** The Keras layer class it came from. */
  layerClass: string;
}

export const identity: OpDef<'identity'> = {
  summary: 'y = x (training-only layers; no code)',
  arity: [1, 1],
  shape: (_op, [x]: Shapes) => [...x],
  memory: { alias: true },
  fusesClamp: false,
  fusesPadding: false,
  compressedWeights: false,
  quant: { output: 'input' },
  macs: NO_MACS,
  kernels: { float: [], int8: [] },
};
