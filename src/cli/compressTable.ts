/**
 * What `tinyfit compress` prints: the Deep-Compression-style table (per weight layer: weights, kept, format,
 * bits per kept weight for its value and its index, bytes, ratio), the total against the float32 bytes, and the
 * accuracy after each stage — or the same as JSON (`totalBytes`, `ratio`, `accuracy`, `baselineAccuracy`).
 */
import type { CompressRecipe, CompressResult } from '../compress/pipeline';
import type { CompressionReport } from '../compress/report';
import { bytes, table } from './table';

/** The JSON summary of a compression run (also saved as report.json and in the model folder). */
export interface CompressionSummary {
  model: string;
  recipe: CompressRecipe;
  trainSamples: number;
  evalSamples: number;
  /** False when the accuracy is measured on the training samples (no --eval). */
  heldOut: boolean;
  seconds: number;
  baselineAccuracy: number;
  accuracy: number;
  stages: CompressResult['stages'];
  layers: CompressionReport['layers'];
  otherBytes: number;
  totalBytes: number;
  floatBytes: number;
  ratio: number;
  ramBytes: number;
  /** The int4-vs-int8 measurement per layer, when the recipe asked for mixed precision. */
  precision?: CompressResult['precision'];
  /** The sensitivity analysis, when the recipe used one. */
  sensitivity?: CompressResult['sensitivity'];
}

/** Assembles the summary. */
export function compressionJson(
  model: string,
  recipe: CompressRecipe,
  r: CompressResult,
  rep: CompressionReport,
  run: { trainSamples: number; evalSamples: number; heldOut: boolean; seconds: number },
): CompressionSummary {
  return { model, recipe, ...run, baselineAccuracy: r.baselineAccuracy, accuracy: r.accuracy, stages: r.stages, ...rep, ...(r.sensitivity ? { sensitivity: r.sensitivity } : {}), ...(r.precision ? { precision: r.precision } : {}) };
}

const pct = (x: number): string => `${(100 * x).toFixed(2)} %`;
const bits = (x: number): string => (x === 0 ? '-' : x.toFixed(2));
const ratio = (x: number): string => `${x.toFixed(1)}x`;

/** The text report. */
export function compressionText(s: CompressionSummary, out: string): string {
  const rows = s.layers.map((l) => [l.op, l.weights, pct(l.kept / Math.max(1, l.weights)), l.format, bits(l.bitsPerValue), bits(l.bitsPerGap), l.flashBytes, l.biasBytes, ratio(l.float32Bytes / Math.max(1, l.flashBytes + l.biasBytes))]);
  rows.push(['requantization constants', '', '', '', '', '', s.otherBytes, '', '']);
  const kept = s.layers.reduce((a, l) => a + l.kept, 0);
  const weights = s.layers.reduce((a, l) => a + l.weights, 0);
  const biases = s.layers.reduce((a, l) => a + l.biasBytes, 0);
  rows.push(['total', weights, pct(kept / Math.max(1, weights)), '', '', '', s.totalBytes - biases, biases, ratio(s.ratio)]);
  const on = s.heldOut ? `${s.evalSamples.toLocaleString('en-US')} held-out samples` : `the ${s.evalSamples.toLocaleString('en-US')} training samples (give --eval for held-out accuracy)`;
  const drop = 100 * (s.accuracy - s.baselineAccuracy);
  return [
    `compressed '${s.model}' in ${s.seconds.toFixed(0)} s into ${out}`,
    '',
    table(['layer', 'weights', 'kept', 'format', 'value bits', 'gap bits', 'bytes', 'bias bytes', 'ratio'], rows),
    '',
    `weights.c: ${bytes(s.totalBytes)} (float32 ${bytes(s.floatBytes)}: ${ratio(s.ratio)} smaller; the kernels' code comes on top: \`tinyfit build\` counts both)` +
      (s.ramBytes ? `; Huffman decoded at start-up needs ${bytes(s.ramBytes)} of RAM` : ''),
    `accuracy on ${on}:`,
    table(['stage', 'accuracy', 'detail'], s.stages.map((st) => [st.name, pct(st.accuracy), st.detail])),
    `compressed int8 ${pct(s.accuracy)} vs float ${pct(s.baselineAccuracy)} (${drop >= 0 ? '+' : ''}${drop.toFixed(2)} points)`,
    '',
  ].join('\n');
}
