/**
 * Shared helpers for the reference-interpreter tests: TF.js access, tolerance checks, graph building.
 */
import type * as TF from '@tensorflow/tfjs';
import { getTf } from '../../../src/engine';
import { addTensor, emptyGraph, numel } from '../../../src/ir/graph';
import { Graph, Tensor } from '../../../src/ir/types';

export type Tf = typeof TF;
export { getTf };

/** Absolute and relative tolerance used against TF.js: |err| ≤ ATOL + RTOL·|ref|. */
export const ATOL = 1e-5;
export const RTOL = 1e-4;

/**
 * Asserts that `actual` matches `expected` elementwise within ATOL + RTOL·|expected| and has the same length.
 * The failure message names the first bad index and the worst error.
 */
export function expectClose(actual: ArrayLike<number>, expected: ArrayLike<number>, what = 'values', atol = ATOL, rtol = RTOL): void {
  if (actual.length !== expected.length) {
    throw new Error(`${what}: length ${actual.length} != expected ${expected.length}`);
  }
  let firstBad = -1;
  let worst = 0;
  for (let i = 0; i < expected.length; i++) {
    const e = expected[i];
    const a = actual[i];
    const err = Math.abs(a - e);
    const ok = err <= atol + rtol * Math.abs(e) || (Number.isNaN(a) && Number.isNaN(e)) || a === e;
    if (!ok) {
      if (firstBad < 0) firstBad = i;
      if (!(err <= worst)) worst = err;
    }
  }
  if (firstBad >= 0) {
    throw new Error(
      `${what}: element ${firstBad} is ${actual[firstBad]}, expected ${expected[firstBad]} (worst abs error ${worst}, ${expected.length} elements)`,
    );
  }
}

/** A graph with one float input of the given shape; returns the graph and the input tensor. */
export function graphWithInput(name: string, shape: number[]): { g: Graph; x: Tensor } {
  const g = emptyGraph(name);
  const x = addTensor(g, 'x', shape);
  g.inputs = [x.id];
  return { g, x };
}

/** Adds a float32 constant. */
export function constant(g: Graph, name: string, shape: number[], data: Float32Array): Tensor {
  if (data.length !== numel(shape)) throw new Error(`constant ${name}: ${data.length} elements for shape [${shape}]`);
  return addTensor(g, name, shape, 'float32', data);
}

/** Data of a TF.js tensor as a Float32Array (disposes nothing). */
export function tfData(t: TF.Tensor): Float32Array {
  return Float32Array.from(t.dataSync());
}
