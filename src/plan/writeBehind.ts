import { tensor } from '../ir/graph';
import { Graph, Op, Tensor } from '../ir/types';
import { writeAheadDistance, writeBehindDistance } from './overlap';

type Distance = typeof writeBehindDistance;

/**
 * The write-behind distance of a windowed op (conv2d, depthwise_conv2d, pool2d) over contiguous HWC tensors:
 * its output may start this many bytes below its input and still never overwrite an input byte it will read.
 * Undefined for other ops.
 */
function opDistance(distance: Distance, g: Graph, op: Op, elemBytes: (t: Tensor) => number): number | undefined {
  const x = tensor(g, op.inputs[0]);
  const y = tensor(g, op.outputs[0]);
  if (x.shape.length !== 3 || y.shape.length !== 3) return undefined;
  const [ih, iw, ic] = x.shape;
  const [oh, ow, oc] = y.shape;
  const eb = elemBytes(x);
  if (elemBytes(y) !== eb) return undefined;
  switch (op.kind) {
    case 'conv2d':
    case 'depthwise_conv2d': {
      const w = tensor(g, op.inputs[1]).shape;
      const a = op.attrs;
      return distance(ih, iw, ic, oh, ow, oc, eb, w[1], w[2], a.strides[0], a.strides[1], a.dilations[0], a.dilations[1], a.pad.top, a.pad.left);
    }
    case 'pool2d': {
      const a = op.attrs;
      return distance(ih, iw, ic, oh, ow, oc, eb, a.pool[0], a.pool[1], a.strides[0], a.strides[1], 1, 1, a.pad.top, a.pad.left);
    }
    default:
      return undefined;
  }
}

/** Write-behind distance of a windowed op (output below its input, pixels in increasing order). */
export function opWriteBehind(g: Graph, op: Op, elemBytes: (t: Tensor) => number): number | undefined {
  return opDistance(writeBehindDistance, g, op, elemBytes);
}

/** Write-ahead distance of a windowed op (output end above its input's end, pixels in decreasing order). */
export function opWriteAhead(g: Graph, op: Op, elemBytes: (t: Tensor) => number): number | undefined {
  return opDistance(writeAheadDistance, g, op, elemBytes);
}
