/** Shared check of the compressed-storage C suites: generated host C is bit-exact with the int8 reference. */
import * as path from 'path';
import { generate } from '../../src/codegen';
import { tensor } from '../../src/ir/graph';
import { Graph } from '../../src/ir/types';
import { runInt8 } from '../../src/reference/runInt8';
import { bytesOf, graphInputs, runInt8C } from '../helpers/int8Run';
import { uniformArray } from '../helpers/rng';
import { tempDir } from '../helpers/zooRun';

/**
 * Generates `g` for the host (ASan/UBSan build), runs `n` random samples (seeds from `seed` on) through the C and
 * the reference, and compares the bytes; the calls must use `kernels` and not dense_s8.
 */
export function expectBitExact(g: Graph, tag: string, kernels: string[], n = 6, seed = 900): void {
  const outDir = path.join(tempDir(`storage-${tag}`), 'c');
  const r = generate(g, { target: 'host', outDir, name: 'm' });
  for (const k of kernels) expect(r.kernels).toContain(k);
  expect(r.kernels).not.toContain('dense_s8');
  const x = tensor(g, g.inputs[0]);
  const len = x.shape.reduce((a, b) => a * b, 1);
  const samples = Array.from({ length: n }, (_, i) => graphInputs(g, [uniformArray(len, seed + i, -1.2, 1.2)]));
  const c = runInt8C({ quant: g, outDir }, samples);
  samples.forEach((s, i) => expect({ tag, i, out: c[i][0] }).toEqual({ tag, i, out: bytesOf(runInt8(g, s)[0]) }));
}
