/**
 * The reference kernels of every op kind, float32 and int8 side by side: the interpreters (./runFloat.ts,
 * ./runInt8.ts) run an op through this table. Typed over every kind of the op table (src/ir/ops), so a kind
 * without its references does not compile.
 */
import { OpKind } from '../ir/types';
import { FloatKernel, Int8Kernel } from './kernel';
import { conv2dOp as floatConv2d } from './float/conv2d';
import { conv2dOp as int8Conv2d } from './int8/conv2d';
import { conv2dTransposeOp as floatConv2dTranspose } from './float/conv2d_transpose';
import { conv2dTransposeOp as int8Conv2dTranspose } from './int8/conv2d_transpose';
import { depthwiseConv2dOp as floatDepthwiseConv2d } from './float/depthwise_conv2d';
import { depthwiseConv2dOp as int8DepthwiseConv2d } from './int8/depthwise_conv2d';
import { denseOp as floatDense } from './float/dense';
import { denseOp as int8Dense } from './int8/dense';
import { pool2dOp as floatPool2d } from './float/pool2d';
import { pool2dOp as int8Pool2d } from './int8/pool2d';
import { globalPoolOp as floatGlobalPool } from './float/global_pool';
import { globalPoolOp as int8GlobalPool } from './int8/global_pool';
import { reshapeOp as floatReshape } from './float/reshape';
import { reshapeOp as int8Reshape } from './int8/reshape';
import { transposeOp as floatTranspose } from './float/transpose';
import { transposeOp as int8Transpose } from './int8/transpose';
import { affineOp as floatAffine } from './float/affine';
import { affineOp as int8Affine } from './int8/affine';
import { activationOp as floatActivation } from './float/activation';
import { activationOp as int8Activation } from './int8/activation';
import { preluOp as floatPrelu } from './float/prelu';
import { preluOp as int8Prelu } from './int8/prelu';
import { softmaxOp as floatSoftmax } from './float/softmax';
import { softmaxOp as int8Softmax } from './int8/softmax';
import { binaryOp as floatBinary } from './float/binary';
import { binaryOp as int8Binary } from './int8/binary';
import { concatOp as floatConcat } from './float/concat';
import { concatOp as int8Concat } from './int8/concat';
import { padOp as floatPad } from './float/pad';
import { padOp as int8Pad } from './int8/pad';
import { cropOp as floatCrop } from './float/crop';
import { cropOp as int8Crop } from './int8/crop';
import { upsampleOp as floatUpsample } from './float/upsample';
import { upsampleOp as int8Upsample } from './int8/upsample';
import { quantizeOp as floatQuantize } from './float/quantize';
import { quantizeOp as int8Quantize } from './int8/quantize';
import { dequantizeOp as floatDequantize } from './float/dequantize';
import { dequantizeOp as int8Dequantize } from './int8/dequantize';
import { identityOp as floatIdentity } from './float/identity';
import { identityOp as int8Identity } from './int8/identity';

/** One op kind's reference kernels. */
export interface ReferenceKernels<K extends OpKind> {
  float: FloatKernel<K>;
  int8: Int8Kernel<K>;
}

/** The float32 and int8 reference kernel of every op kind. */
export const REFERENCE: { readonly [K in OpKind]: ReferenceKernels<K> } = {
  conv2d: { float: floatConv2d, int8: int8Conv2d },
  conv2d_transpose: { float: floatConv2dTranspose, int8: int8Conv2dTranspose },
  depthwise_conv2d: { float: floatDepthwiseConv2d, int8: int8DepthwiseConv2d },
  dense: { float: floatDense, int8: int8Dense },
  pool2d: { float: floatPool2d, int8: int8Pool2d },
  global_pool: { float: floatGlobalPool, int8: int8GlobalPool },
  reshape: { float: floatReshape, int8: int8Reshape },
  transpose: { float: floatTranspose, int8: int8Transpose },
  affine: { float: floatAffine, int8: int8Affine },
  activation: { float: floatActivation, int8: int8Activation },
  prelu: { float: floatPrelu, int8: int8Prelu },
  softmax: { float: floatSoftmax, int8: int8Softmax },
  binary: { float: floatBinary, int8: int8Binary },
  concat: { float: floatConcat, int8: int8Concat },
  pad: { float: floatPad, int8: int8Pad },
  crop: { float: floatCrop, int8: int8Crop },
  upsample: { float: floatUpsample, int8: int8Upsample },
  quantize: { float: floatQuantize, int8: int8Quantize },
  dequantize: { float: floatDequantize, int8: int8Dequantize },
  identity: { float: floatIdentity, int8: int8Identity },
};

/**
 * The reference kernels of an op's kind.
 * @throws Error (internal) for a kind the table does not know — only possible for an op built outside TypeScript's checks
 */
export function referenceOf<K extends OpKind>(kind: K): ReferenceKernels<K> {
  const r = (REFERENCE as Record<string, ReferenceKernels<K> | undefined>)[kind];
  if (!r) throw new Error(`internal: no reference implementation for op kind '${kind}' (src/reference/registry.ts)`);
  return r;
}
