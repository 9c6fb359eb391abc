import { tensor } from '../ir/graph';
import { Graph, Op, OpKind, Tensor } from '../ir/types';
import { opDef } from '../ir/ops';
import { MemoryTraits } from '../ir/ops/def';
import { isCompressedInt8 } from '../ir/storage';
import { writeAheadDistance, writeBehindDistance } from './overlap';

type Distance = typeof writeBehindDistance;

/**
 * Whether the op's kernel streams its output pixels in raster order. Not the conv2d kernels on compressed weights
 * (firmware/kernels/conv_rows_s8.h): they decode one output channel's weights at a time and sweep every pixel
 * with it, so their output must not overlap their input.
 */
function streams(g: Graph, op: Op): boolean {
  return !(op.kind === 'conv2d' && isCompressedInt8(tensor(g, op.inputs[1]).storage));
}

/**
 * The write-behind (or write-ahead) distance of a windowed op (the op table gives it a window: conv2d,
 * depthwise_conv2d, pool2d) over contiguous HWC tensors of equal element size. Undefined for other ops (and for
 * ops that do not stream, {@link streams}: their output stays disjoint from their input).
 */
function opDistance(distance: Distance, g: Graph, op: Op, elemBytes: (t: Tensor) => number): number | undefined {
  const window = (opDef(op).memory as MemoryTraits<OpKind>).window;
  const x = tensor(g, op.inputs[0]);
  const y = tensor(g, op.outputs[0]);
  if (!window || x.shape.length !== 3 || y.shape.length !== 3 || !streams(g, op)) return undefined;
  const [ih, iw, ic] = x.shape;
  const [oh, ow, oc] = y.shape;
  const eb = elemBytes(x);
  if (elemBytes(y) !== eb) return undefined;
  const w = window(op as never, op.inputs.map((id) => tensor(g, id).shape));
  return distance(ih, iw, ic, oh, ow, oc, eb, w.kernel[0], w.kernel[1], w.strides[0], w.strides[1], w.dilations[0], w.dilations[1], w.padTop, w.padLeft);
}

/** Write-behind distance of a windowed op (output below its input, pixels in increasing order). */
export function opWriteBehind(g: Graph, op: Op, elemBytes: (t: Tensor) => number): number | undefined {
  return opDistance(writeBehindDistance, g, op, elemBytes);
}

/** Write-ahead distance of a windowed op (output end above its input's end, pixels in decreasing order). */
export function opWriteAhead(g: Graph, op: Op, elemBytes: (t: Tensor) => number): number | undefined {
  return opDistance(writeAheadDistance, g, op, elemBytes);
}
