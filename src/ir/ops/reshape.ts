/** Same data, new shape (Keras Reshape/Flatten, TFLite RESHAPE/SQUEEZE): an alias of its input, no code. */
import { numel } from '../shapes';
import { NO_MACS, OpDef, Shapes, checkInts, opFail } from './def';

/** The target shape is the output tensor's (given to addOp). */
export type ReshapeAttrs = Record<string, never>;

export const reshape: OpDef<'reshape'> = {
  summary: 'the input bytes under another shape (no code)',
  arity: [1, 1],
  shape(op, [x]: Shapes, hint) {
    if (!hint) opFail(op, 'reshape needs a target shape');
    checkInts(op, 'shape', hint, 1);
    if (numel(hint) !== numel(x)) opFail(op, `cannot reshape [${x}] (${numel(x)} elements) to [${hint}]`);
    return [...hint];
  },
  memory: { alias: true },
  fusesClamp: false,
  fusesPadding: false,
  compressedWeights: false,
  quant: { output: 'input' },
  macs: NO_MACS,
  kernels: { float: [], int8: [] },
};
