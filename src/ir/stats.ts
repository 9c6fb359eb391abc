import { dtypeBytes, numel, tensor } from './graph';
import { Graph, Op } from './types';

/** Cost figures of one op. */
export interface OpStats {
  name: string;
  kind: string;
  outputShape: number[];
  /** Constant elements the op reads (weights, biases, per-channel parameters). */
  params: number;
  /** Multiply-accumulates per inference (convolutions, dense, affine, elementwise multiply). */
  macs: number;
  /** Bytes of the op's output activation. */
  activationBytes: number;
}

function macsOf(g: Graph, op: Op): number {
  const out = tensor(g, op.outputs[0]);
  switch (op.kind) {
    case 'conv2d': {
      const w = tensor(g, op.inputs[1]).shape;
      return numel(out.shape) * w[1] * w[2] * w[3];
    }
    case 'depthwise_conv2d': {
      const w = tensor(g, op.inputs[1]).shape;
      return numel(out.shape) * w[1] * w[2];
    }
    case 'dense': {
      const w = tensor(g, op.inputs[1]).shape;
      return (numel(out.shape) / w[0]) * w[0] * w[1];
    }
    case 'affine':
      return numel(out.shape);
    case 'binary':
      return op.attrs.fn === 'mul' ? numel(out.shape) : 0;
    default:
      return 0;
  }
}

/** Per-op statistics in execution order. */
export function graphStats(g: Graph): OpStats[] {
  const seen = new Set<number>();
  return g.ops.map((op) => {
    const out = tensor(g, op.outputs[0]);
    let params = 0;
    for (const id of op.inputs) {
      const t = tensor(g, id);
      // Shared (reused-layer) weights count once.
      if (t.data && !seen.has(id)) {
        params += t.data.length;
        seen.add(id);
      }
    }
    return {
      name: op.name,
      kind: op.kind,
      outputShape: [...out.shape],
      params,
      macs: macsOf(g, op),
      activationBytes: numel(out.shape) * dtypeBytes(out.dtype),
    };
  });
}
