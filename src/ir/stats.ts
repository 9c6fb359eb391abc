import { dtypeBytes, numel, tensor } from './graph';
import { Graph, Op, OpKind } from './types';
import { opDef } from './ops';
import { OpDef } from './ops/def';

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
  const ins = op.inputs.map((id) => tensor(g, id).shape);
  return (opDef(op) as OpDef<OpKind>).macs(op as never, ins, tensor(g, op.outputs[0]).shape);
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
