/** The host bit-exactness check of the compressed-storage suites: generated C (gcc, ASan/UBSan) against runInt8. */
import * as path from 'path';
import { generate } from '../../src/codegen';
import { tensor } from '../../src/ir/graph';
import { Graph } from '../../src/ir/types';
import { runInt8 } from '../../src/reference/runInt8';
import { bytesOf, graphInputs, runInt8C } from '../helpers/int8Run';
import { uniformArray } from '../helpers/rng';
import { tempDir } from '../helpers/zooRun';

/**
 * Generates `g` for the host, runs `n` random samples (uniform in [lo, hi]) through the C and the reference, and
 * compares every graph output's bytes; the project must use `kernels` and none of `notKernels`.
 */
export function expectBitExact(g: Graph, tag: string, kernels: string[], notKernels: string[], n = 6, lo = -1.2, hi = 1.2): void {
  const outDir = path.join(tempDir(`storage-${tag}`), 'c');
  const r = generate(g, { target: 'host', outDir, name: 'm' });
  for (const k of kernels) expect(r.kernels).toContain(k);
  for (const k of notKernels) expect(r.kernels).not.toContain(k);
  const x = tensor(g, g.inputs[0]);
  const len = x.shape.reduce((a, b) => a * b, 1);
  const samples = Array.from({ length: n }, (_, i) => graphInputs(g, [uniformArray(len, 900 + i, lo, hi)]));
  const c = runInt8C({ quant: g, outDir }, samples);
  samples.forEach((s, i) => expect({ tag, i, out: c[i] }).toEqual({ tag, i, out: runInt8(g, s).map(bytesOf) }));
}
