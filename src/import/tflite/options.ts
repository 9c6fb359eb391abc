/**
 * The builtin options tables tinyfit decodes, collected from the operators that use them (src/import/tflite/ops):
 * the one description the reader, the writer and the test model builder follow. Field ids are schema.fbs
 * declaration order; fields are listed in decoded key order. Note the schema's defaults: dilation factors 1, but
 * strides, filter sizes, depth_multiplier and beta 0.
 */
import { TfliteOptions } from './model';
import { OptionsTable, fieldDefault } from './optionFields';
import { TFLITE_OPS } from './ops';

export type { OptionField, OptionsTable } from './optionFields';
export { fieldDefault } from './optionFields';

/** The decoded options tables, by BuiltinOptions union code. */
export const DECODED_OPTIONS: ReadonlyMap<number, OptionsTable> = new Map(
  Object.values(TFLITE_OPS).flatMap((s): [number, OptionsTable][] => (s.options ? [[s.options.code, s.options]] : [])),
);

/** The options table each supported operator uses (union code), for builders; operators without options are absent. */
export const OPTIONS_TYPE_OF_OPERATOR: Readonly<Record<string, number>> = Object.fromEntries(
  Object.entries(TFLITE_OPS).flatMap(([name, s]): [string, number][] => (s.options ? [[name, s.options.code]] : [])),
);

/**
 * The decoded value of an options table with every field absent (the schema defaults), for union type `code`;
 * `{}` for tables tinyfit does not decode.
 */
export function defaultOptions(code: number): TfliteOptions {
  const out: Record<string, unknown> = {};
  for (const f of DECODED_OPTIONS.get(code)?.fields ?? []) if (f.default !== undefined) out[f.name] = fieldDefault(f);
  return out as TfliteOptions;
}
