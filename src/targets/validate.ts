/**
 * Schema validation of target descriptors with ajv (the reference JSON Schema validator: draft 2020-12, anyOf,
 * if/then, unique items and $ref done right, which a hand-written checker would re-implement badly), and the
 * translation of ajv's first error into one line naming the field, e.g.
 * `build.f_cpu must be a number or a PlatformIO frequency string (...), got true`.
 */
import * as fs from 'fs';
import * as path from 'path';
import Ajv2020, { ErrorObject, ValidateFunction } from 'ajv/dist/2020';
import { packageRoot } from '../paths';

/** The descriptor schema, targets/schema.json. */
export function targetSchemaPath(): string {
  return path.join(packageRoot(), 'targets', 'schema.json');
}

interface Schema {
  properties: { family: { enum: string[] } };
  $defs: { isaFeature: { enum: string[] } };
}

let schema: Schema | undefined;
let validator: ValidateFunction | undefined;

function loadSchema(): Schema {
  schema ??= JSON.parse(fs.readFileSync(targetSchemaPath(), 'utf8')) as Schema;
  return schema;
}

function compiled(): ValidateFunction {
  if (!validator) {
    // verbose: errors carry the offending data and the schema node (for its "x-expected" wording);
    // strictRequired off: the if/then requires "port", declared under properties at the top.
    const ajv = new Ajv2020({ allErrors: false, verbose: true, strict: true, strictRequired: false });
    ajv.addKeyword({ keyword: 'x-expected', schemaType: 'string' });
    validator = ajv.compile(loadSchema());
  }
  return validator;
}

/** The template families the schema allows (a family is usable only once templates/<family>/ exists). */
export function schemaFamilies(): string[] {
  return [...loadSchema().properties.family.enum];
}

/** The ISA feature names the schema allows (each may have a folder firmware/kernels/<feature>/). */
export function isaFeatures(): string[] {
  return [...loadSchema().$defs.isaFeature.enum];
}

/** A JSON pointer (/memory/regions/0/kind) as a dotted path (memory.regions[0].kind). */
export function dottedPath(pointer: string, extra?: string): string {
  const parts = pointer.split('/').slice(1).map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
  if (extra !== undefined) parts.push(extra);
  let out = '';
  for (const p of parts) {
    if (/^\d+$/.test(p)) out += `[${p}]`;
    else if (/^[A-Za-z_$][\w$-]*$/.test(p)) out += out ? `.${p}` : p;
    else out += `[${JSON.stringify(p)}]`;
  }
  return out;
}

/** A value as it appears in a message: JSON, on one line, at most 40 characters. */
export function shown(v: unknown): string {
  const s = v === undefined ? 'nothing' : JSON.stringify(v);
  return s.length > 40 ? `${s.slice(0, 37)}...` : s;
}

const TYPE_NAMES: Record<string, string> = {
  object: 'a JSON object',
  array: 'an array',
  string: 'a string',
  integer: 'an integer',
  number: 'a number',
  boolean: 'true or false',
};

/** One sentence for one ajv error (without the file). */
function sentence(e: ErrorObject): string {
  const field = dottedPath(e.instancePath);
  const subject = field || 'the descriptor';
  const expected = (e.parentSchema as Record<string, unknown> | undefined)?.['x-expected'];
  const got = `got ${shown(e.data)}`;
  switch (e.keyword) {
    case 'required':
      return `${dottedPath(e.instancePath, (e.params as { missingProperty: string }).missingProperty)} is required${typeof expected === 'string' ? ` (${expected})` : ''}`;
    case 'additionalProperties': {
      const extra = (e.params as { additionalProperty: string }).additionalProperty;
      const known = Object.keys((e.parentSchema as { properties?: object }).properties ?? {}).filter((k) => k !== '$schema');
      return `${dottedPath(e.instancePath, extra)} is not a descriptor field (${field ? `${field} has` : 'fields are'}: ${known.join(', ')})`;
    }
    case 'type':
      return `${subject} must be ${TYPE_NAMES[(e.params as { type: string }).type] ?? (e.params as { type: string }).type}, ${got}`;
    case 'enum':
      return `${subject} must be one of ${(e.params as { allowedValues: unknown[] }).allowedValues.join(', ')}; ${got}`;
    case 'uniqueItems':
      return `${subject} lists ${shown((e.data as unknown[])[(e.params as { j: number }).j])} twice`;
    case 'minLength':
      return `${subject} must not be empty`;
    case 'minItems':
      return `${subject} must have at least ${(e.params as { limit: number }).limit} entr${(e.params as { limit: number }).limit === 1 ? 'y' : 'ies'}`;
    case 'minimum':
      return `${subject} must be >= ${(e.params as { limit: number }).limit}, ${got}`;
    case 'pattern':
    case 'minProperties':
    case 'anyOf':
    case 'oneOf':
      return `${subject} must be ${typeof expected === 'string' ? expected : `valid (${e.message ?? e.keyword})`}, ${got}`;
    default:
      return `${subject} ${e.message ?? `fails ${e.keyword}`}, ${got}`;
  }
}

/**
 * The error to report among ajv's: the branch errors of a failed anyOf/oneOf are dropped in favour of the
 * anyOf/oneOf itself (its "x-expected" says what any branch accepts), and a failed `if` in favour of the
 * `then` error that made it fail.
 */
function mainError(errors: ErrorObject[]): ErrorObject {
  const unions = errors.filter((e) => e.keyword === 'anyOf' || e.keyword === 'oneOf');
  const kept = errors.filter((e) => e.keyword !== 'if' && !unions.some((u) => u !== e && e.schemaPath.startsWith(`${u.schemaPath}/`)));
  return kept[0] ?? errors[0];
}

/**
 * Checks a parsed descriptor against targets/schema.json.
 * @returns undefined when valid, else one line naming the field and what it must be
 */
export function schemaError(descriptor: unknown): string | undefined {
  const validate = compiled();
  if (validate(descriptor)) return undefined;
  return sentence(mainError(validate.errors ?? []));
}
