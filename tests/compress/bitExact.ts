/** Shared check of the compressed-storage C suites: generated host C is bit-exact with the int8 reference. */
import * as path from 'path';
import { generate } from '../../src/codegen';
import { tensor } from '../../src/ir/graph';
import { Graph } from '../../src/ir/types';
import { runInt8 } from '../../src/reference/runInt8';
import { bytesOf, graphInputs, runInt8C } from '../helpers/int8Run';
import { uniformArray } from '../helpers/rng';
import { tempDir } from '../helpers/zooRun';

/** Options of {@link expectBitExact}. */
export interface BitExactOptions {
  /** Kernels the calls must not use (default dense_s8). */
  notKernels?: string[];
  /** Range of the uniform random float inputs (default [-1.2, 1.2]). */
  range?: [number, number];
}

/**
 * Generates `g` for the host (ASan/UBSan build), runs `n` random samples (seeds from `seed` on) through the C and
 * the reference, and compares every graph output's bytes; the calls must use `kernels` and none of `notKernels`.
 */
export function expectBitExact(g: Graph, tag: string, kernels: string[], n = 6, seed = 900, opts: BitExactOptions = {}): void {
  const outDir = path.join(tempDir(`storage-${tag}`), 'c');
  const r = generate(g, { target: 'host', outDir, name: 'm' });
  for (const k of kernels) expect(r.kernels).toContain(k);
  for (const k of opts.notKernels ?? ['dense_s8']) expect(r.kernels).not.toContain(k);
  const [lo, hi] = opts.range ?? [-1.2, 1.2];
  const x = tensor(g, g.inputs[0]);
  const len = x.shape.reduce((a, b) => a * b, 1);
  const samples = Array.from({ length: n }, (_, i) => graphInputs(g, [uniformArray(len, seed + i, lo, hi)]));
  const c = runInt8C({ quant: g, outDir }, samples);
  samples.forEach((s, i) => expect({ tag, i, out: c[i] }).toEqual({ tag, i, out: runInt8(g, s).map(bytesOf) }));
}
