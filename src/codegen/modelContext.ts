/**
 * The template context of model.h / model.c / weights.c and the project files: the plan's arena and I/O
 * offsets, the weight arrays, the call sequence, the kernels and port copied, and the target descriptor; and how
 * the calls name tensors (weight symbols, arena positions, the plan's decisions).
 */
import { dtypeBytes, numel, tensor } from '../ir/graph';
import { Tensor } from '../ir/types';
import { MemoryPlan, pixelStride, runsInReverse } from '../plan';
import { Target } from '../targets';
import { PointerNames } from './calls/common';
import { EmittedCalls } from './emitCalls';
import { TinyfitError } from '../errors';
import { cComment, cFloatArray, cIntArray } from './format';
import { KernelFiles } from './kernels';
import { PORTABLE } from './kernelSelect';
import { PortFiles } from './ports';
import { targetContext } from './targetContext';
import { toolVersion } from './version';
import { EmittedWeights } from './weights';

/** Description of a model input or output in the generated API. */
export interface IoInfo {
  name: string;
  shape: number[];
  dtype: string;
  bytes: number;
  /** int8 tensors: real = scale · (q − zeroPoint). */
  scale?: number;
  zeroPoint?: number;
}

/** The I/O description of a tensor (tinyfit.json, GenerateResult). */
export function ioInfo(t: Tensor): IoInfo {
  const q = t.dtype === 'int8' && t.quant ? { scale: t.quant.scale[0], zeroPoint: t.quant.zeroPoint[0] } : {};
  return { name: t.name, shape: [...t.shape], dtype: t.dtype, bytes: numel(t.shape) * dtypeBytes(t.dtype), ...q };
}

function ioCtx(t: Tensor, offset: number) {
  const dims = [...t.shape, ...new Array(Math.max(0, 6 - t.shape.length)).fill(0)].slice(0, 6);
  return {
    name: cComment(t.name).replace(/["\\]/g, '_'),
    rank: t.shape.length,
    dimsList: t.shape.join(', '),
    dimsInit: dims.join(', '),
    size: numel(t.shape),
    bytes: numel(t.shape) * dtypeBytes(t.dtype),
    dtype: t.dtype,
    DTYPE: t.dtype.toUpperCase(),
    offset,
    /** int8 tensors: how a value reads as a real number (for comments), '' otherwise. */
    quant: t.dtype === 'int8' && t.quant ? `, real = ${t.quant.scale[0]} * (q ${t.quant.zeroPoint[0] < 0 ? '+' : '-'} ${Math.abs(t.quant.zeroPoint[0])})` : '',
  };
}

/** How the calls of a planned graph name tensors: weight symbols, arena offsets, and the plan's decisions. */
export function pointerNames(plan: MemoryPlan, symbols: Map<number, string>, PREFIX: string, int8: boolean): PointerNames {
  const g = plan.graph;
  return {
    ptr(id) {
      const s = symbols.get(id);
      if (s) return s;
      const off = plan.offsets.get(id);
      if (off === undefined) throw new Error(`internal: tensor ${tensor(g, id).name} has no arena offset`);
      return `${PREFIX}_${tensor(g, id).dtype === 'int8' ? 'S8' : 'F32'}(${off})`;
    },
    stride: (id) => pixelStride(plan, tensor(g, id)),
    strided: (id) => (plan.build.storage.get(id)?.pixelStride ?? 0) !== 0,
    inPlaceDepthwise: (o) => plan.build.inPlaceDepthwise.has(o.id),
    scratch: (o) => {
      const b = plan.build.scratch.get(o.id);
      return b === undefined ? undefined : `${PREFIX}_${int8 ? 'S8' : 'F32'}(${plan.placement.offsets[b]})`;
    },
    concatViews: (o) => plan.build.concatViews.get(o.id),
    reverse: (o) => runsInReverse(plan, o),
  };
}

/** A test input baked into firmware: one array per model input, in the input's dtype. */
export type TestInput = readonly (Float32Array | Int8Array)[];

/** The C array of one built-in test input (firmware mains run the model on it). */
function testInputCtx(t: Tensor, index: number, given: Float32Array | Int8Array | undefined) {
  const size = numel(t.shape);
  const ctype = t.dtype === 'int8' ? 'int8_t' : 'float';
  if (given === undefined) return { index, name: cComment(t.name), ctype, size, values: '0', source: 'zeros (no test input given)' };
  const want = t.dtype === 'int8' ? Int8Array : Float32Array;
  if (!(given instanceof want) || given.length !== size) {
    throw new TinyfitError(`test input ${index} ('${t.name}') needs ${size} ${t.dtype} values, got ${given.length} ${given instanceof Int8Array ? 'int8' : 'float32'}`);
  }
  const values = given instanceof Float32Array ? cFloatArray(given) : cIntArray(given);
  return { index, name: cComment(t.name), ctype, size, values: `\n${values}\n`, source: 'given' };
}

/** What the model's template context is built from. */
export interface ModelParts {
  plan: MemoryPlan;
  prefix: string;
  weights: EmittedWeights;
  calls: EmittedCalls;
  kernels: KernelFiles;
  port: PortFiles | undefined;
  target: Target;
  testInput?: TestInput;
}

/** The template context of a generated project. */
export function modelContext(m: ModelParts) {
  const { plan, prefix, weights, calls, kernels, port } = m;
  const g = plan.graph;
  const inputs = g.inputs.map((id) => tensor(g, id));
  const outputs = g.outputs.map((id) => tensor(g, id));
  const offset = (t: Tensor): number => plan.offsets.get(t.id) ?? 0;
  if (m.testInput && m.testInput.length !== inputs.length) throw new TinyfitError(`the model has ${inputs.length} input(s), the test input gives ${m.testInput.length}`);
  return {
    version: toolVersion(),
    modelName: cComment(g.name),
    /** The model's name inside a C string literal (or a JSON string, or a one-line properties value). */
    modelString: cComment(g.name).replace(/["\\\x00-\x1f\x7f]/g, '_'),
    prefix,
    /** The one header a library output's user includes (lib and arduino families): `<prefix>.h`. */
    libraryHeader: `${prefix}.h`,
    PREFIX: prefix.toUpperCase(),
    arenaBytes: plan.arenaBytes,
    arenaDecl: Math.max(plan.arenaBytes, 1),
    align: plan.align,
    weightBytes: weights.bytes + calls.declBytes,
    peakOp: cComment(g.ops[plan.peakStep]?.name ?? 'input'),
    inputs: inputs.map((t) => ioCtx(t, offset(t))),
    outputs: outputs.map((t) => ioCtx(t, offset(t))),
    inputsDecl: Math.max(inputs.length, 1),
    outputsDecl: Math.max(outputs.length, 1),
    inputOffsets: inputs.map((t) => `${offset(t)}u`).join(', '),
    outputOffsets: outputs.map((t) => `${offset(t)}u`).join(', '),
    weights: weights.arrays,
    calls: calls.calls,
    decls: calls.decls,
    kernelHeaders: calls.kernels,
    kernelSources: calls.kernels,
    /** Kernels copied in an ISA variant, for the model.h comment. */
    isaKernels: Object.entries(kernels.variants).filter(([, v]) => v !== PORTABLE).map(([kernel, variant]) => ({ kernel, variant })),
    portSources: port?.sources ?? [],
    portHeaders: port ? [...port.headers, 'port/port_config.h'].sort() : [],
    target: targetContext(m.target),
    testInputs: inputs.map((t, i) => testInputCtx(t, i, m.testInput?.[i])),
  };
}

/** The template context of a generated project. */
export type ModelContext = ReturnType<typeof modelContext>;
