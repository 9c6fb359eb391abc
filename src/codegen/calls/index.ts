/**
 * The C call builders of every op kind (src/codegen/calls/<kind>.ts), for float32 and int8 graphs. Typed over
 * every kind of the op table (src/ir/ops), so a kind without its calls does not compile; a kind that emits no
 * code says so (NO_CODE).
 */
import { OpKind } from '../../ir/types';
import { OpCalls } from './common';
import { conv2dCalls } from './conv2d';
import { conv2dTransposeCalls } from './conv2d_transpose';
import { depthwiseConv2dCalls } from './depthwise_conv2d';
import { denseCalls } from './dense';
import { pool2dCalls } from './pool2d';
import { globalPoolCalls } from './global_pool';
import { reshapeCalls } from './reshape';
import { transposeCalls } from './transpose';
import { affineCalls } from './affine';
import { activationCalls } from './activation';
import { preluCalls } from './prelu';
import { softmaxCalls } from './softmax';
import { binaryCalls } from './binary';
import { concatCalls } from './concat';
import { padCalls } from './pad';
import { cropCalls } from './crop';
import { upsampleCalls } from './upsample';
import { quantizeCalls } from './quantize';
import { dequantizeCalls } from './dequantize';
import { identityCalls } from './identity';

/** The call builders of every op kind. */
export const CALLS: { readonly [K in OpKind]: OpCalls<K> } = {
  conv2d: conv2dCalls,
  conv2d_transpose: conv2dTransposeCalls,
  depthwise_conv2d: depthwiseConv2dCalls,
  dense: denseCalls,
  pool2d: pool2dCalls,
  global_pool: globalPoolCalls,
  reshape: reshapeCalls,
  transpose: transposeCalls,
  affine: affineCalls,
  activation: activationCalls,
  prelu: preluCalls,
  softmax: softmaxCalls,
  binary: binaryCalls,
  concat: concatCalls,
  pad: padCalls,
  crop: cropCalls,
  upsample: upsampleCalls,
  quantize: quantizeCalls,
  dequantize: dequantizeCalls,
  identity: identityCalls,
};

/**
 * The call builders of an op's kind.
 * @throws Error (internal) for a kind the table does not know — only possible for an op built outside TypeScript's checks
 */
export function callsOf<K extends OpKind>(kind: K): OpCalls<K> {
  const c = (CALLS as Record<string, OpCalls<K> | undefined>)[kind];
  if (!c) throw new Error(`internal: no C call builder for op kind '${kind}' (src/codegen/calls/index.ts)`);
  return c;
}
