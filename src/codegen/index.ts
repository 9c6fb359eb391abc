import { TinyfitError } from '../errors';
import { dtypeBytes, numel, tensor } from '../ir/graph';
import { Graph, Tensor } from '../ir/types';
import { MemoryPlan, pixelStride, placementPeak, planMemory, PlanOptions, runsInReverse } from '../plan';
import { firmwareRoot } from '../paths';
import { getTarget, Target } from '../targets';
import { cComment, isValidPrefix } from './format';
import { PointerNames } from './calls/common';
import { emitCalls } from './emitCalls';
import { emitWeights } from './weights';
import { kernelFiles } from './kernels';
import { PORTABLE } from './kernelSelect';
import { portFiles } from './ports';
import { targetContext } from './targetContext';
import { toolVersion } from './version';
import { templateEnv } from './templates';
import { MANIFEST_FILE, writeProject } from './writeProject';

/** Options of {@link generate}. */
export interface GenerateOptions {
  /** Target id (targets/<id>.json) or the path of a descriptor .json (see `tinyfit targets`). */
  target: string;
  /** Output folder (replaced atomically). */
  outDir: string;
  /** Symbol prefix, a C identifier (default "model"). */
  name?: string;
  /** Fail when the arena exceeds this many bytes. */
  ramBudget?: number;
  /** Memory planning options (in-place, zero-copy concat, reordering, algorithms). */
  plan?: PlanOptions;
  /**
   * Firmware folder to copy kernels (kernels/, with ISA variants in kernels/<isa>/) and the port (ports/) from;
   * default: the package's firmware/. For out-of-tree kernel variants and tests.
   */
  firmwareDir?: string;
}

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

/** What {@link generate} produced. */
export interface GenerateResult {
  /** The target's id. */
  target: string;
  outDir: string;
  prefix: string;
  arenaBytes: number;
  lowerBoundBytes: number;
  weightBytes: number;
  ops: number;
  inputs: IoInfo[];
  outputs: IoInfo[];
  files: string[];
  kernels: string[];
  /** The kernel variant copied for each kernel: 'portable' or the ISA feature (firmware/kernels/<isa>/). */
  kernelVariants: Record<string, string>;
  /** The whole target descriptor (targets/<id>.json or the file given), validated. */
  board: Target;
}

export { toolVersion } from './version';

function ioInfo(t: Tensor): IoInfo {
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
  };
}

/** How the calls of a planned graph name tensors: weight symbols, arena offsets, and the plan's decisions. */
function pointerNames(plan: MemoryPlan, symbols: Map<number, string>, PREFIX: string, int8: boolean): PointerNames {
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

/**
 * Generates a C project for a target from an (optimized) IR graph: weights, model.h/model.c with an
 * ahead-of-time call sequence over one static arena, the kernels the model uses (in the variant the target's
 * ISA list selects), the target's port, and the family's project files; tinyfit.json records the result with
 * the whole descriptor. Writes atomically to `opts.outDir`.
 * @throws TinyfitError on a bad target (unknown id, invalid descriptor), prefix, dtype or an arena over budget
 */
export function generate(input: Graph, opts: GenerateOptions): GenerateResult {
  const firmwareDir = opts.firmwareDir ?? firmwareRoot();
  const target: Target = getTarget(opts.target, { firmwareDir });
  const prefix = opts.name ?? 'model';
  if (!isValidPrefix(prefix)) {
    throw new TinyfitError(`--name '${prefix}' is not a valid C identifier prefix (letters, digits, '_', starting with a letter, ≤ 32 chars)`);
  }
  const PREFIX = prefix.toUpperCase();
  const rounding = input.quantization?.rounding;
  if (!rounding) {
    for (const t of input.tensors.values()) {
      if (t.dtype !== 'float32') throw new TinyfitError(`tensor '${t.name}' has dtype ${t.dtype} but the model is not quantized (no quantization settings)`);
    }
  }
  const plan: MemoryPlan = planMemory(input, { align: 16, ...opts.plan });
  const g = plan.graph; // ops in the planned order
  if (opts.ramBudget !== undefined && plan.arenaBytes > opts.ramBudget) {
    const peak = placementPeak(plan);
    throw new TinyfitError(
      `arena needs ${plan.arenaBytes} B, over the --ram-budget of ${opts.ramBudget} B; peak at op '${g.ops[peak.step]?.name ?? 'input'}' (step ${peak.step}) with ${peak.live.join(', ')} live`,
    );
  }

  const weights = emitWeights(g, prefix);
  const emitted = emitCalls(g, pointerNames(plan, weights.symbols, PREFIX, !!rounding), rounding, prefix);
  const weightBytes = weights.bytes + emitted.declBytes;
  const kernelList = emitted.kernels;
  const inputs = g.inputs.map((id) => tensor(g, id));
  const outputs = g.outputs.map((id) => tensor(g, id));
  const kernels = kernelFiles(kernelList, { prefix, modelName: g.name, rounding, isa: target.isa, firmwareDir });
  const port = target.port === undefined ? undefined : portFiles(target.port, firmwareDir, prefix, g.name);
  const ctx = {
    version: toolVersion(),
    modelName: cComment(g.name),
    prefix,
    PREFIX,
    arenaBytes: plan.arenaBytes,
    arenaDecl: Math.max(plan.arenaBytes, 1),
    align: plan.align,
    weightBytes,
    peakOp: cComment(g.ops[plan.peakStep]?.name ?? 'input'),
    inputs: inputs.map((t) => ioCtx(t, plan.offsets.get(t.id) ?? 0)),
    outputs: outputs.map((t) => ioCtx(t, plan.offsets.get(t.id) ?? 0)),
    inputsDecl: Math.max(inputs.length, 1),
    outputsDecl: Math.max(outputs.length, 1),
    inputOffsets: inputs.map((t) => `${plan.offsets.get(t.id) ?? 0}u`).join(', '),
    outputOffsets: outputs.map((t) => `${plan.offsets.get(t.id) ?? 0}u`).join(', '),
    weights: weights.arrays,
    calls: emitted.calls,
    decls: emitted.decls,
    kernelHeaders: kernelList,
    kernelSources: kernelList,
    /** Kernels copied in an ISA variant, for the model.h comment. */
    isaKernels: Object.entries(kernels.variants).filter(([, v]) => v !== PORTABLE).map(([kernel, variant]) => ({ kernel, variant })),
    portSources: port?.sources ?? [],
    portHeaders: port ? [...port.headers, 'port/port_config.h'].sort() : [],
    target: targetContext(target),
  };

  const env = templateEnv(target.family);
  const files = new Map<string, string>();
  for (const f of ['model.h', 'model.c', 'weights.h', 'weights.c']) files.set(f, env.render(f, ctx));
  for (const [name, text] of kernels.files) files.set(name, text);
  if (port) {
    for (const [name, text] of port.files) files.set(name, text);
    files.set('port/port_config.h', env.render('port_config.h', ctx));
  }
  for (const name of env.familyFiles) files.set(name.replace(/\.hbs$/, ''), env.render(name, ctx));

  const result: GenerateResult = {
    target: target.id,
    outDir: opts.outDir,
    prefix,
    arenaBytes: plan.arenaBytes,
    lowerBoundBytes: plan.lowerBound,
    weightBytes,
    ops: emitted.calls.length,
    inputs: inputs.map(ioInfo),
    outputs: outputs.map(ioInfo),
    files: [...files.keys(), MANIFEST_FILE].sort(),
    kernels: kernelList,
    kernelVariants: kernels.variants,
    board: target,
  };
  files.set(MANIFEST_FILE, JSON.stringify({ generator: `tinyfit ${ctx.version}`, model: g.name, ...result, outDir: undefined }, null, 2) + '\n');
  writeProject(opts.outDir, files);
  return result;
}
