/**
 * How a builtin options table is laid out in the flatbuffer and decoded: the field descriptions the reader and
 * the writer follow. Each operator that tinyfit converts declares its table next to its converter
 * (src/import/tflite/ops/); ./options.ts collects them.
 */
import type { TfliteActivation, TflitePadding } from './model';

/** Base of every options field: its decoded name (camelCase) and vtable slot. */
interface FieldBase {
  name: string;
  id: number;
}

/**
 * One field of a builtin options table: how it is stored and decoded (`kind`) and its schema default (the
 * decoded value when the field is absent). Scalars: int32, float32 (read as float32, so rounded), bool (a
 * byte); enums: padding and activation (int8 codes decoded to names), weightsFormat (an int8 that must be 0
 * or 1); int32[]: an int32 vector, whose `undefined` default leaves the key out of the decoded object.
 */
export type OptionField = FieldBase &
  (
    | { kind: 'int32' | 'float32' | 'weightsFormat'; default: number }
    | { kind: 'bool'; default: boolean }
    | { kind: 'padding'; default: TflitePadding }
    | { kind: 'activation'; default: TfliteActivation }
    | { kind: 'int32[]'; default: readonly number[] | undefined }
  );

/** A builtin options table tinyfit decodes: its BuiltinOptions union code, fields in decoded key order, vtable slot count. */
export interface OptionsTable {
  code: number;
  fields: readonly OptionField[];
  /** Vtable slots to reserve when writing the table (the highest field id + 1). */
  slots: number;
}

/** An int32 field (schema default `def`). */
export const int32 = (name: string, id: number, def = 0): OptionField => ({ name, id, kind: 'int32', default: def });
/** A float32 field (default 0). */
export const float32 = (name: string, id: number): OptionField => ({ name, id, kind: 'float32', default: 0 });
/** A bool field (default false). */
export const bool = (name: string, id: number): OptionField => ({ name, id, kind: 'bool', default: false });
/** The fused activation field at slot `id`. */
export const activation = (id: number): OptionField => ({ name: 'fusedActivationFunction', id, kind: 'activation', default: 'NONE' });
/** The padding field at slot 0. */
export const padding: OptionField = { name: 'padding', id: 0, kind: 'padding', default: 'SAME' };
/** padding, stride_w, stride_h at slots 0, 1, 2 (the convolution and pooling tables). */
export const paddingStrides: readonly OptionField[] = [padding, int32('strideW', 1), int32('strideH', 2)];
/** A table with union code `code` and these fields. */
export const table = (code: number, ...fields: OptionField[]): OptionsTable => ({ code, fields, slots: Math.max(...fields.map((f) => f.id)) + 1 });

/** The decoded value of a field absent from its table (a fresh array for vectors; undefined: no key). */
export function fieldDefault(f: OptionField): unknown {
  return Array.isArray(f.default) ? [...f.default] : f.default;
}
