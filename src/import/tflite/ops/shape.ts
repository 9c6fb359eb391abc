/** TFLite data movement: CONCATENATION, RESHAPE, SQUEEZE, PAD. */
import { numel } from '../../../ir/graph';
import { ConcatenationOptions } from '../model';
import { activation, int32, table } from '../optionFields';
import { optionsCode } from '../schema';
import { OpConverter, TfliteOpSpec, act, constIn, emit, operand, out, withFused } from './common';

const concatenation: OpConverter = (ctx, v) => {
  const o = v.op.options as ConcatenationOptions;
  const r = ctx.tfl(v.op.outputs[0]).shape.length;
  const axis = o.axis < 0 ? o.axis + r : o.axis;
  if (axis < 0 || axis >= r) v.fail(`axis ${o.axis} is out of range for rank ${r}`);
  if (r >= 2 && axis === 0) v.fail('concatenation along the batch axis is not supported (batch 1)');
  const xs = v.op.inputs.map((_, i) => operand(ctx, v, i, r));
  const y = emit(v, ctx.g, 'concat', v.irName, xs, { axis: r >= 2 ? axis - 1 : axis });
  out(ctx, v, withFused(ctx, v, y, o.fusedActivationFunction));
};

/** RESHAPE and SQUEEZE: the output tensor's declared shape is the target (free alias in the IR). */
const reshape: OpConverter = (ctx, v) => {
  const x = act(ctx, v, 0);
  const target = ctx.activationSpec(v.op.outputs[0], v.fail).shape;
  out(ctx, v, emit(v, ctx.g, 'reshape', v.irName, [x], {}, target));
};

const pad: OpConverter = (ctx, v) => {
  const x = act(ctx, v, 0);
  const p = constIn(ctx, v, 1)!;
  const r = ctx.tfl(v.op.inputs[0]).shape.length;
  if (r !== 4) v.fail(`only 4-D (NHWC) inputs can be padded, got rank ${r}`);
  if (p.data instanceof Float32Array || numel(p.shape) !== 2 * r) v.fail(`paddings must be ${r}×2 integers, got shape [${p.shape}]`);
  const d = p.data!;
  if (d[0] || d[1] || d[6] || d[7]) v.fail('padding the batch or channel axis is not supported');
  if ([d[2], d[3], d[4], d[5]].some((q) => q < 0)) v.fail('negative paddings are not supported');
  if (x.dtype === 'int8') {
    const yq = ctx.tfl(v.op.outputs[0]).quant;
    if (x.quant!.zeroPoint[0] !== (yq?.zeroPoint[0] ?? 0) || Math.fround(x.quant!.scale[0]) !== Math.fround(yq?.scale[0] ?? 0)) {
      v.fail('int8 PAD with different input and output parameters is not supported');
    }
  }
  out(ctx, v, emit(v, ctx.g, 'pad', v.irName, [x], { pad: { top: d[2], bottom: d[3], left: d[4], right: d[5] } }));
};

/** CONCATENATION, RESHAPE, SQUEEZE, PAD. */
export const SHAPE_OPS: Readonly<Record<string, TfliteOpSpec>> = {
  CONCATENATION: { maxVersion: 3, options: table(optionsCode('ConcatenationOptions'), int32('axis', 0), activation(1)), convert: concatenation }, // 2: int8, 3: int32 (rejected by type)
  RESHAPE: { maxVersion: 1, options: table(optionsCode('ReshapeOptions'), { name: 'newShape', id: 0, kind: 'int32[]', default: undefined }), convert: reshape },
  SQUEEZE: { maxVersion: 1, options: table(optionsCode('SqueezeOptions'), { name: 'squeezeDims', id: 0, kind: 'int32[]', default: [] }), convert: reshape },
  PAD: { maxVersion: 2, convert: pad }, // 2: int8; 3+: 5-D, int16
};
