/**
 * Validation: the same samples through the board and through the host reference build, compared output by
 * output (see compare.ts).
 */
import { compareOutput, OutputComparison } from './compare';
import { BuildManifest } from './manifest';
import { runSamples } from './operations';
import { hostOutputs } from './reference';
import { Samples } from './samples';
import { BoardSession } from './session';

/** A validation's result. */
export interface Validation {
  target: string;
  model: string;
  where: string;
  samples: number;
  outputs: OutputComparison[];
  pass: boolean;
  meanUs: number;
}

/** Runs `samples` on the board and on the host reference and compares. */
export async function validateOnBoard(s: BoardSession, m: BuildManifest, samples: Samples, onSample?: (done: number, total: number) => void): Promise<Validation> {
  const ref = hostOutputs(m, samples);
  const board = await runSamples(s, m, samples, onSample);
  const outputs = m.outputs.map((t, k) => compareOutput(t, board.outputs[k], ref[k]));
  const meanUs = board.ticks.reduce((a, b) => a + b, 0) / Math.max(1, board.ticks.length) / board.tickHz * 1e6;
  return { target: m.target, model: m.model, where: s.where, samples: samples.count, outputs, pass: outputs.every((o) => o.pass), meanUs };
}
