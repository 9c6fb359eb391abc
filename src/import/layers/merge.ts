import { addOp } from '../../ir/graph';
import { BinaryFn, NO_CLAMP, Tensor } from '../../ir/types';
import { ConvertCtx, LayerConverter, num } from '../context';

function chain(ctx: ConvertCtx, fn: BinaryFn, xs: Tensor[], name: string): Tensor {
  if (xs.length < 2) ctx.fail(`needs at least 2 inputs, got ${xs.length}`);
  let acc = xs[0];
  for (let i = 1; i < xs.length; i++) {
    const opName = i === xs.length - 1 ? name : `${name}/${i}`;
    acc = addOp(ctx.g, 'binary', opName, [acc, xs[i]], { fn, clamp: NO_CLAMP });
  }
  return acc;
}

function merge(fn: BinaryFn): LayerConverter {
  return (ctx, xs) => chain(ctx, fn, xs, ctx.layer.name);
}

const subtract: LayerConverter = (ctx, xs) => {
  if (xs.length !== 2) ctx.fail(`needs exactly 2 inputs, got ${xs.length}`);
  return chain(ctx, 'sub', xs, ctx.layer.name);
};

const average: LayerConverter = (ctx, xs) => {
  const sum = chain(ctx, 'add', xs, `${ctx.layer.name}/sum`);
  return addOp(ctx.g, 'activation', ctx.layer.name, [sum], { fn: 'scale', params: { alpha: 1 / xs.length } });
};

const concatenate: LayerConverter = (ctx, xs) => {
  if (xs.length < 1) ctx.fail('needs at least 1 input');
  const a = num(ctx.layer, 'axis', -1);
  // Keras axes count the batch axis; the IR omits it.
  const axis = a < 0 ? a + xs[0].shape.length : a - 1;
  if (xs.length === 1) return xs[0];
  return addOp(ctx.g, 'concat', ctx.layer.name, xs, { axis });
};

/** Converters for merge layers by class name. */
export const MERGE_LAYERS: Record<string, LayerConverter> = {
  Add: merge('add'),
  Subtract: subtract,
  Multiply: merge('mul'),
  Maximum: merge('max'),
  Minimum: merge('min'),
  Average: average,
  Concatenate: concatenate,
};
