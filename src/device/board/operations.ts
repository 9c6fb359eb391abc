/**
 * What the device commands do with an open session: run samples (inputs in, one inference, outputs out),
 * profile (per-op ticks and arena windows, timed runs, memory), all through the agent.
 */
import { EXIT, TinyfitError } from '../../errors';
import { MemoryFigures } from '../agent/protocol';
import { BuildManifest } from './manifest';
import { Samples } from './samples';
import { BoardSession } from './session';

/** Outputs of every sample (`outputs[k][s]`) and the ticks each inference took. */
export interface RunResult {
  outputs: Buffer[][];
  ticks: number[];
  tickHz: number;
}

/**
 * Runs every sample on the board: SET_INPUT for each input, INVOKE once, GET_OUTPUT for each output.
 * @param onSample told after each sample (progress)
 */
export async function runSamples(s: BoardSession, m: BuildManifest, samples: Samples, onSample?: (done: number, total: number) => void): Promise<RunResult> {
  const outputs: Buffer[][] = m.outputs.map(() => []);
  const ticks: number[] = [];
  for (let i = 0; i < samples.count; i++) {
    for (let k = 0; k < m.inputs.length; k++) await s.client.setInput(k, samples.inputs[k][i], s.info.maxPayload);
    const t = await s.client.invoke(1, 0);
    ticks.push(t.total);
    for (let k = 0; k < m.outputs.length; k++) outputs[k].push(await s.client.getOutput(k, m.outputs[k].bytes, s.info.maxPayload));
    onSample?.(i + 1, samples.count);
  }
  return { outputs, ticks, tickHz: s.info.tickHz };
}

/** One op of a profile. */
export interface OpProfile {
  index: number;
  op: string;
  kind: string;
  ticks: number;
  us: number;
  /** Share of the whole inference, 0..1. */
  share: number;
  /** The arena bytes [lo, hi) live while it runs. */
  arena: [number, number];
}

/** A board's profile of one build. */
export interface BoardProfile {
  target: string;
  model: string;
  where: string;
  tickHz: number;
  ops: OpProfile[];
  /** Ticks of the profiled inference, from before its first op to after its last. */
  totalTicks: number;
  /** Sum of the per-op ticks (equals totalTicks up to the hooks' own cost). */
  sumTicks: number;
  /** Timed runs without the per-op hooks. */
  invoke: { runs: number; warmups: number; meanTicks: number; meanUs: number; minUs: number; maxUs: number };
  /** (per-op sum − mean whole inference without hooks) / the latter: how well the per-op figures add up. */
  sumError: number;
  memory: MemoryFigures;
}

/**
 * Profiles the build on the board: one inference with per-op ticks, `runs` timed inferences after `warmups`,
 * and the memory figures (stack high-water after those runs).
 */
export async function profileBoard(s: BoardSession, m: BuildManifest, opts: { runs?: number; warmups?: number } = {}): Promise<BoardProfile> {
  const runs = opts.runs ?? 10;
  const warmups = opts.warmups ?? 1;
  const page = await s.client.profile();
  if (page.ops.length !== m.calls.length) {
    throw new TinyfitError(`the board profiled ${page.ops.length} ops, ${m.dir} has ${m.calls.length} calls: generate and flash again`, EXIT.mismatch);
  }
  const hz = s.info.tickHz;
  const us = (t: number): number => (t * 1e6) / hz;
  const sum = page.ops.reduce((a, o) => a + o.ticks, 0);
  const ops = page.ops.map((o, i) => ({ index: i, op: m.calls[i].op, kind: m.calls[i].kind, ticks: o.ticks, us: us(o.ticks), share: page.total ? o.ticks / page.total : 0, arena: [o.arenaLo, o.arenaHi] as [number, number] }));
  const inv = await s.client.invoke(runs, warmups);
  const memory = await s.client.memory();
  const mean = inv.total / Math.max(1, inv.runs);
  return {
    target: s.info.target,
    model: s.info.modelName,
    where: s.where,
    tickHz: hz,
    ops,
    totalTicks: page.total,
    sumTicks: sum,
    invoke: { runs: inv.runs, warmups, meanTicks: mean, meanUs: us(mean), minUs: us(inv.min), maxUs: us(inv.max) },
    sumError: mean ? (sum - mean) / mean : 0,
    memory,
  };
}
