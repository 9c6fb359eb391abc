/** Elementwise binary ops (Keras Add/Multiply/Maximum/Minimum/Subtract, TFLite ADD/SUB/MUL/MAXIMUM/MINIMUM). */
import { broadcastShape, numel } from '../shapes';
import type { FusedClamp } from '../types';
import { OpDef, Shapes, checkClamp, opFail } from './def';

/** Every elementwise binary function. */
export const BINARY_FNS = ['add', 'sub', 'mul', 'max', 'min'] as const;

/** Elementwise binary functions. */
export type BinaryFn = (typeof BINARY_FNS)[number];

/**
 * An operand may broadcast when, right-aligned against the output shape, it is leading 1s followed by the
 * output's trailing dims ([1,1,C] or [C] against [H,W,C]): element i reads operand[i % size].
 */
export interface BinaryAttrs {
  fn: BinaryFn;
  clamp: FusedClamp;
}

export const binary: OpDef<'binary'> = {
  summary: 'y = clamp(a ∘ b) elementwise, ∘ ∈ {+, −, ×, max, min}, trailing-block broadcasting',
  arity: [2, 2],
  shape(op, [a, b]: Shapes) {
    if (!(BINARY_FNS as readonly string[]).includes(op.attrs.fn)) opFail(op, `attribute 'fn' must be one of ${BINARY_FNS.join(', ')}, got '${op.attrs.fn}'`);
    checkClamp(op, op.attrs.clamp);
    const out = broadcastShape([...a], [...b]);
    if (!out) {
      opFail(op, `inputs of shapes [${a}] and [${b}] do not broadcast (an operand may only repeat over leading axes, e.g. [1,1,C] against [H,W,C])`);
    }
    return out;
  },
  memory: { inPlace: 'first-two' },
  fusesClamp: true,
  fusesPadding: false,
  compressedWeights: false,
  quant: { output: 'free', constOperands: true },
  macs: (op, _ins, out) => (op.attrs.fn === 'mul' ? numel(out) : 0),
  kernels: { float: ['binary_f32'], int8: ['binary_add_s8', 'binary_mul_s8', 'binary_minmax_s8'] },
};
