/**
 * Import-time check of an int8 graph's quantization parameters: every op's integer parameters (multipliers,
 * shifts, activation ranges, lookup tables) are derived once, by a dry run of the int8 reference on zero-point
 * inputs, so parameters TFLite Micro would reject (a multiplier ≥ 2^31, a per-channel scale count that does not
 * match, asymmetric weights...) are reported at import, naming the op — not by the C compiler or the board.
 */
import { TinyfitError } from '../../errors';
import { numel, tensor } from '../../ir/graph';
import { Graph } from '../../ir/types';
import { Int8Value, runInt8All } from '../../reference/runInt8';

/**
 * Runs the int8 reference once on inputs at their zero point (float inputs: 0).
 * @throws TinyfitError `${where}: op '<name>' (<kind>): <what>` on parameters the int8 kernels cannot apply
 */
export function checkQuantizedGraph(g: Graph, where: string): void {
  const inputs: Int8Value[] = g.inputs.map((id) => {
    const t = tensor(g, id);
    const n = numel(t.shape);
    return t.dtype === 'int8' ? new Int8Array(n).fill(t.quant?.zeroPoint[0] ?? 0) : new Float32Array(n);
  });
  try {
    runInt8All(g, inputs);
  } catch (e) {
    throw new TinyfitError(`${where}: ${(e as Error).message}`);
  }
}
