import { TinyfitError } from '../errors';
import { tensor } from '../ir/graph';
import { Graph } from '../ir/types';
import { MemoryPlan, patchSummary, placementPeak, planMemory, PlanOptions } from '../plan';
import { firmwareRoot } from '../paths';
import { getTarget, Target, targetFigures } from '../targets';
import { cIdent, isValidPrefix } from './format';
import { emitCalls } from './emitCalls';
import { EmittedWeights, emitWeights } from './weights';
import { KernelFiles, kernelFiles } from './kernels';
import { kernelDefines } from './kernelConfig';
import { KernelPolicy, kernelIsa } from './kernelSelect';
import { IoInfo, ModelContext, TestInput, ioInfo, modelContext, pointerNames } from './modelContext';
import { PortFiles, portFiles } from './ports';
import { TemplateEnv, templateEnv } from './templates';
import { Family, getFamily } from '../targets/family';
import { MANIFEST_FILE, writeProject } from './writeProject';
import { AgentContext, agentContext, agentFiles, agentMaxPayload, modelHash } from './agent';
import { inferMlperfModel, MlperfContext, mlperfContext, mlperfFiles, MlperfModel, Protocol } from './mlperf';

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
  /** The input firmware runs the model on (one array per model input, in its dtype); default zeros. */
  testInput?: TestInput;
  /**
   * Link the device agent (firmware/agent/) into firmware whose family supports it (default true): the host's
   * `tinyfit run`, `profile` and `validate` talk to it. False keeps only the self-test.
   */
  agent?: boolean;
  /** Weights in RAM instead of flash (non-const), so the agent's LOAD_WEIGHTS can replace them (default false). */
  weightsInRam?: boolean;
  /**
   * What the firmware's serial line speaks: 'agent' (default: the device agent, when `agent` is not false) or
   * 'mlperf' (the MLPerf Tiny device-under-test text protocol the mlcommons/tiny runner drives, docs/mlperf-dut.md;
   * cortex-m, riscv and host families; no agent).
   */
  protocol?: Protocol;
  /** With protocol 'mlperf': the benchmark the model serves (kws01, vww01, ic01, ad01); default: from the model's name. */
  mlperfModel?: MlperfModel;
  /** Also write the host build of the same plan in reference/ (default: when the agent is linked in). */
  reference?: boolean;
  /**
   * Which kernel variants to copy: 'auto' (default: the first ISA variant the target's `isa` list selects,
   * kernelSelect.ts) or 'portable' (the portable C kernels only, e.g. to measure what the ISA variants gain).
   */
  kernels?: KernelPolicy;
}

/** What {@link generate} produced. */
export interface GenerateResult {
  /** The target's id. */
  target: string;
  outDir: string;
  prefix: string;
  arenaBytes: number;
  lowerBoundBytes: number;
  /** The patch stage, when the plan has one (patchSummary's line: split, grid, recomputation). */
  patches?: string;
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
  /** Where the arena peaks: the op (and step) and the buffers live there. */
  arenaPeak: { step: number; op: string; live: string[] };
  /** Every constant array of weights.c and its bytes, largest first (what `tinyfit build` names when flash overflows). */
  weightArrays: { symbol: string; tensor: string; bytes: number }[];
  /** SHA-256 of the generated model.c and weights.c (first 16 bytes, hex): what the agent reports as the model's hash. */
  modelHash: string;
  /** The device agent linked into the firmware, or null: its frame size, whether weights are writable, the weight arrays by LOAD_WEIGHTS index. */
  agent: { maxPayload: number; weightsWritable: boolean; weights: { symbol: string; tensor: string; bytes: number }[] } | null;
  /** With protocol 'mlperf': the benchmark served, the device's name, and whether the input is refilled before each invoke. */
  mlperf?: { model: MlperfModel; name: string; refillsInput: boolean };
  /** The sub-folder with the host build of the same model (`tinyfit validate`'s reference), or null. */
  reference: string | null;
  /**
   * The calls of the inference function in order (what PROFILE's per-op figures refer to): the op and its kind; a
   * patch stage (docs/patch-inference.md) is one call of kind 'patch_stage' named after its ops.
   */
  calls: { op: string; kind: string }[];
}

import { toolVersion } from './version';
export { toolVersion };
export type { IoInfo, TestInput } from './modelContext';
export type { MlperfModel, Protocol } from './mlperf';
export type { KernelPolicy } from './kernelSelect';
export { KERNEL_POLICIES } from './kernelSelect';
export { inferMlperfModel, MLPERF_MODEL_IDS, PROTOCOLS } from './mlperf';

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
  checkGraph(input, prefix);
  const plan = planWithinBudget(input, opts);
  const rendered = renderFor(plan, target, prefix, firmwareDir, opts);
  const { files, result } = rendered;
  const reference = (opts.reference ?? result.agent !== null) && target.id !== 'host';
  if (reference) {
    // The same plan for the host, without agent: `tinyfit validate` builds it with the host's cc as the reference.
    const host = renderFor(plan, getTarget('host', { firmwareDir }), prefix, firmwareDir, { ...opts, agent: false, weightsInRam: false, testInput: undefined, protocol: undefined, mlperfModel: undefined });
    for (const [name, text] of host.files) files.set(`${REFERENCE_DIR}/${name}`, text);
    files.set(`${REFERENCE_DIR}/${MANIFEST_FILE}`, manifestText(host.result, plan.graph.name));
  }
  result.reference = reference ? REFERENCE_DIR : null;
  files.set(MANIFEST_FILE, manifestText(result, plan.graph.name));
  writeProject(opts.outDir, files);
  return result;
}

/** The sub-folder of a generated project holding the host build of the same model (the validation reference). */
export const REFERENCE_DIR = 'reference';

function manifestText(result: GenerateResult, model: string): string {
  return JSON.stringify({ generator: `tinyfit ${toolVersion()}`, model, ...result, outDir: undefined }, null, 2) + '\n';
}

/** Renders one target's project from a memory plan: its files (without tinyfit.json) and its result. */
function renderFor(plan: MemoryPlan, target: Target, prefix: string, firmwareDir: string, opts: GenerateOptions): { files: Map<string, string>; result: GenerateResult } {
  const g = plan.graph; // ops in the planned order
  const rounding = g.quantization?.rounding;

  const weights = emitWeights(g, prefix);
  const PREFIX = prefix.toUpperCase();
  const patch = plan.patch && {
    schedule: plan.patch,
    at: (off: number) => `${PREFIX}_S8(${off})`,
    inputOffset: plan.offsets.get(g.inputs[0]) as number,
    splitOffset: plan.offsets.get(g.ops[plan.patch.spec.length - 1].outputs[0]) as number,
  };
  const calls = emitCalls(g, pointerNames(plan, weights.symbols, PREFIX, !!rounding), rounding, prefix, patch);
  const kernels = kernelFiles(calls.kernels, { prefix, modelName: g.name, rounding, isa: kernelIsa(target, opts.kernels), firmwareDir, defines: kernelDefines(g) });
  const port = target.port === undefined ? undefined : portFiles(target.port, firmwareDir, prefix, g.name);
  const family = getFamily(target.family);
  const mlperf = mlperfOf(plan, target, opts);
  const withAgent = !mlperf && (opts.agent ?? true) && family.agent && port !== undefined;
  const agent: AgentContext | false = withAgent ? agentContext(plan, calls.calls.map((c) => c.step), weights, '', agentMaxPayload(targetFigures(target).ramBytes), !!opts.weightsInRam) : false;
  const ctx: ProjectContext = { ...modelContext({ plan, prefix, weights, calls, kernels, port, target, testInput: opts.testInput }), agent, mlperf, weightQualifier: opts.weightsInRam ? '' : 'const ' };
  // The Makefiles compile and depend on everything the main links beside the model: the port's files and these.
  const linked = agent || mlperf;
  if (linked) {
    ctx.portSources = [...ctx.portSources, ...linked.sources];
    ctx.portHeaders = [...ctx.portHeaders, ...linked.headers].sort();
  }
  const env = templateEnv(target.family);
  const { files, hash } = renderProject(env, family, ctx, kernels, port, agent ? agentFiles(firmwareDir, prefix, g.name) : undefined);
  if (mlperf) addMlperf(files, env, family, ctx, mlperfFiles(firmwareDir, prefix, g.name));

  const result: GenerateResult = {
    target: target.id,
    outDir: opts.outDir,
    prefix,
    arenaBytes: plan.arenaBytes,
    lowerBoundBytes: plan.lowerBound,
    ...(plan.patch ? { patches: patchSummary(plan.graph, plan.patch) } : {}),
    weightBytes: ctx.weightBytes,
    ops: calls.calls.length,
    inputs: g.inputs.map((id) => ioInfo(tensor(g, id))),
    outputs: g.outputs.map((id) => ioInfo(tensor(g, id))),
    files: [...files.keys(), MANIFEST_FILE].sort(),
    kernels: calls.kernels,
    kernelVariants: kernels.variants,
    board: target,
    arenaPeak: arenaPeakOf(plan),
    weightArrays: weightArraysOf(weights),
    modelHash: hash,
    agent: agent ? { maxPayload: agent.maxPayload, weightsWritable: agent.weightsWritable, weights: weights.arrays.map((a, i) => ({ symbol: a.symbol, tensor: a.tensor, bytes: agent.weightArrays[i].bytes })) } : null,
    ...(mlperf ? { mlperf: { model: mlperf.model, name: mlperf.name, refillsInput: mlperf.inputKept === 0 } } : {}),
    reference: null,
    // A patch stage is one call for all its ops: named after them ('patch stage: …'), kind 'patch_stage'.
    calls: calls.calls.map((c) => (c.kind === 'patch_stage' ? { op: String(c.name), kind: 'patch_stage' } : { op: g.ops[c.step].name, kind: g.ops[c.step].kind })),
  };
  return { files, result };
}

/** The MLPerf context when protocol 'mlperf' is chosen (the benchmark given or inferred from the model's name), else false. */
function mlperfOf(plan: MemoryPlan, target: Target, opts: GenerateOptions): MlperfContext | false {
  if ((opts.protocol ?? 'agent') !== 'mlperf') {
    if (opts.mlperfModel) throw new TinyfitError(`--mlperf-model ${opts.mlperfModel} needs --protocol mlperf`);
    return false;
  }
  const model = opts.mlperfModel ?? inferMlperfModel(plan.graph.name);
  if (!model) {
    throw new TinyfitError(`--protocol mlperf: cannot tell the MLPerf Tiny benchmark from the model's name '${plan.graph.name}'; pass --mlperf-model kws01|vww01|ic01|ad01`);
  }
  return mlperfContext(plan, target, model);
}

/** Replaces the family's main with the MLPerf main and adds mlperf/ (the copied module and its generated config). */
function addMlperf(files: Map<string, string>, env: TemplateEnv, family: Family, ctx: ProjectContext, copied: Map<string, string>): void {
  const src = (f: string): string => (family.sourceDir === '.' ? f : `${family.sourceDir}/${f}`);
  const mlperf = ctx.mlperf as MlperfContext;
  files.set(src(mlperf.mainFile), env.render('mlperf_main.c', ctx));
  for (const [name, text] of copied) files.set(src(name), text);
  files.set(src('mlperf/mlperf_config.h'), env.render('mlperf_config.h', ctx));
}

/** The op where the arena peaks and what is live there. */
function arenaPeakOf(plan: MemoryPlan): GenerateResult['arenaPeak'] {
  const peak = placementPeak(plan);
  return { step: peak.step, op: plan.graph.ops[peak.step]?.name ?? 'input', live: peak.live };
}

/** The weight arrays with their bytes, largest first. */
function weightArraysOf(w: EmittedWeights): GenerateResult['weightArrays'] {
  const bytes: Record<string, number> = { float: 4, int32_t: 4, uint16_t: 2, int8_t: 1 };
  return w.arrays.map((a) => ({ symbol: a.symbol, tensor: a.tensor, bytes: a.size * (bytes[a.ctype] ?? 4) })).sort((a, b) => b.bytes - a.bytes);
}

/** Checks the symbol prefix and that a graph without quantization settings is float32 throughout. */
function checkGraph(g: Graph, prefix: string): void {
  if (!isValidPrefix(prefix)) {
    throw new TinyfitError(`--name '${prefix}' is not a valid C identifier prefix (letters, digits, '_', starting with a letter, ≤ 32 chars)`);
  }
  if (g.quantization) return;
  for (const t of g.tensors.values()) {
    if (t.dtype !== 'float32') throw new TinyfitError(`tensor '${t.name}' has dtype ${t.dtype} but the model is not quantized (no quantization settings)`);
  }
}

/** Plans the arena; an arena over `opts.ramBudget` is a user error naming the peak. */
function planWithinBudget(g: Graph, opts: GenerateOptions): MemoryPlan {
  const plan = planMemory(g, { align: 16, ramBudget: opts.ramBudget, ...opts.plan });
  if (opts.ramBudget !== undefined && plan.arenaBytes > opts.ramBudget) {
    const peak = placementPeak(plan);
    throw new TinyfitError(
      `arena needs ${plan.arenaBytes} B, over the --ram-budget of ${opts.ramBudget} B; peak at op '${plan.graph.ops[peak.step]?.name ?? 'input'}' (step ${peak.step}) with ${peak.live.join(', ')} live`,
    );
  }
  return plan;
}

/** The project's files: model and weights, kernels, the port and its configuration, the family's project files. */
function renderProject(
  env: TemplateEnv,
  family: Family,
  ctx: ProjectContext,
  kernels: KernelFiles,
  port: PortFiles | undefined,
  agent: Map<string, string> | undefined,
): { files: Map<string, string>; hash: string } {
  const files = new Map<string, string>();
  const src = (f: string): string => (family.sourceDir === '.' ? f : `${family.sourceDir}/${f}`);
  for (const f of ['model.h', 'model.c', 'weights.h', 'weights.c']) files.set(src(f), env.render(f, ctx));
  const hash = modelHash(files.get(src('model.c'))!, files.get(src('weights.c'))!);
  if (agent && ctx.agent) {
    ctx.agent.hash = hash;
    ctx.agent.hashBytes = (hash.match(/../g) ?? []).map((h) => `0x${h}u`).join(', ');
    for (const [name, text] of agent) files.set(src(name), text);
    files.set(src('agent/agent_config.h'), env.render('agent_config.h', ctx));
    files.set(src('agent/agent_model.c'), env.render('agent_model.c', ctx));
  }
  for (const [name, text] of kernels.files) files.set(src(name), text);
  if (port) {
    for (const [name, text] of port.files) files.set(src(name), text);
    files.set(src('port/port_config.h'), env.render('port_config.h', ctx));
  }
  for (const name of env.familyFiles) {
    const file = env.fileName(name, ctx);
    // A path named after the prefix (a library's <prefix>.h) must not replace one of the model's files.
    if (file !== name && files.has(file)) {
      const own = cIdent(ctx.modelString).toLowerCase().slice(0, 32);
      const suggest = isValidPrefix(own) && own !== ctx.prefix ? own : 'my_model';
      throw new TinyfitError(`--name '${ctx.prefix}' would name the ${family.name} family's ${file} like the model's own ${file}; choose another --name (e.g. --name ${suggest})`);
    }
    files.set(file, env.render(name, ctx));
  }
  return { files, hash };
}

/** The template context of a project: the model's, the agent's and MLPerf mode's (false without them) and the weights' qualifier. */
type ProjectContext = ModelContext & { agent: AgentContext | false; mlperf: MlperfContext | false; weightQualifier: string };
