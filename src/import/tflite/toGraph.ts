/**
 * A decoded .tflite model → an IR graph: subgraph 0, operators in file order, the file's quantization
 * parameters as they are. Int8 models become int8 IR graphs (`quantization.rounding` 'double', TFLite Micro's
 * default) that the int8 reference and the int8 C kernels run bit-exactly; float32 models become float graphs.
 * Every unsupported operator, version, type or attribute is reported here, with the operator's name, version and
 * index — never later on a board.
 */
import { TinyfitError } from '../../errors';
import { emptyGraph, pruneTensors, tensor, validateGraph } from '../../ir/graph';
import { Graph } from '../../ir/types';
import { ImportContext, OpView, shortName } from './context';
import { TfliteModel } from './model';
import { TFLITE_OPS } from './ops';
import { checkQuantizedGraph } from './checkQuantized';

/** Model name for the graph: the file's base name without extension. */
function modelName(where: string): string {
  const base = where.split(/[\\/]/).pop() ?? 'model';
  return base.replace(/\.tflite$/i, '').replace(/[^A-Za-z0-9_]/g, '_') || 'model';
}

/** Every op reads and writes int8 except QUANTIZE/DEQUANTIZE at the boundary, or everything is float32. */
function checkUniformPrecision(g: Graph, where: string): void {
  const int8 = [...g.tensors.values()].some((t) => t.dtype === 'int8' && !t.data);
  if (!int8) return;
  for (const op of g.ops) {
    if (op.kind === 'quantize' || op.kind === 'dequantize') continue;
    const acts = [...op.inputs, ...op.outputs].map((id) => tensor(g, id)).filter((t) => !t.data);
    const float = acts.find((t) => t.dtype !== 'int8');
    if (float) {
      throw new TinyfitError(
        `${where}: op '${op.name}' computes in ${float.dtype} inside an int8 model; tinyfit runs an int8 model in int8 throughout (float32 only before QUANTIZE and after DEQUANTIZE)`,
      );
    }
  }
  g.quantization = { rounding: 'double' };
}

/**
 * Converts a decoded TFLite model to an IR graph.
 * @param m the model (src/import/tflite/reader.ts)
 * @param where the file name for error messages
 * @throws TinyfitError on anything tinyfit cannot compile, naming the operator (name, version, index) or tensor
 */
export function tfliteToGraph(m: TfliteModel, where: string): Graph {
  const sg = m.subgraphs[0];
  if (!sg) throw new TinyfitError(`${where}: the model has no subgraph`);
  const g = emptyGraph(modelName(where));
  const ctx: ImportContext = new ImportContext(m, sg, g, where);
  if (sg.inputs.length === 0) ctx.fail('subgraph 0 has no inputs');
  if (sg.outputs.length === 0) ctx.fail('subgraph 0 has no outputs');
  for (const idx of sg.inputs) {
    if (ctx.isConstant(idx)) ctx.fail(`model input tensor ${idx} '${sg.tensors[idx].name}' is a constant`);
    const x = ctx.activation(idx, (msg) => ctx.fail(`model input: ${msg}`));
    ctx.values.set(idx, x);
    g.inputs.push(x.id);
  }
  for (const op of sg.operators) {
    const code = m.operatorCodes[op.opcodeIndex];
    const name = code.name;
    const fail = (msg: string): never => ctx.fail(`operator ${op.index} ${name} v${code.version}: ${msg}`);
    const spec = Object.hasOwn(TFLITE_OPS, name) ? TFLITE_OPS[name] : undefined;
    if (spec === undefined) return fail('is not supported by tinyfit');
    const max = spec.maxVersion;
    if (code.version > max) fail(`version ${code.version} is not supported (tinyfit implements ${name} up to version ${max})`);
    const first = op.outputs[0];
    const view: OpView = { op, name, version: code.version, irName: shortName(first !== undefined ? sg.tensors[first].name : '', `${name.toLowerCase()}_${op.index}`), fail };
    if (op.outputs.length !== 1) fail(`has ${op.outputs.length} outputs; tinyfit supports single-output operators`);
    spec.convert(ctx, view);
  }
  g.outputs = sg.outputs.map((idx) => {
    const y = ctx.values.get(idx);
    return y ? y.id : ctx.fail(`model output tensor ${idx} '${sg.tensors[idx].name}' is not computed by any operator`);
  });
  pruneTensors(g);
  checkUniformPrecision(g, where);
  if (g.quantization) checkQuantizedGraph(g, where);
  validateGraph(g);
  return g;
}
