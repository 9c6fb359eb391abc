/**
 * Every TFLite builtin operator tinyfit converts, by name: its highest supported version, its options table
 * layout and its converter (ops/<family>.ts). An operator missing here is reported at import, naming it.
 */
import { TfliteOpSpec } from './common';
import { BOUNDARY_OPS } from './boundary';
import { CONV_OPS } from './conv';
import { ELEMENTWISE_OPS } from './elementwise';
import { POOL_OPS } from './pool';
import { SHAPE_OPS } from './shape';

export type { OpConverter, TfliteOpSpec } from './common';

/** The supported operators. */
export const TFLITE_OPS: Readonly<Record<string, TfliteOpSpec>> = { ...CONV_OPS, ...POOL_OPS, ...ELEMENTWISE_OPS, ...SHAPE_OPS, ...BOUNDARY_OPS };
