/**
 * Schema validation of target descriptors with ajv (the reference JSON Schema validator: draft 2020-12, anyOf,
 * if/then, unique items and $ref done right, which a hand-written checker would re-implement badly), and the
 * translation of ajv's first error into one line naming the field, e.g.
 * `build.f_cpu must be a number or a PlatformIO frequency string (...), got true`.
 */
import * as fs from 'fs';
import * as path from 'path';
import Ajv2020, { ValidateFunction } from 'ajv/dist/2020';
import { mainSchemaError, schemaErrorLine } from '../util/schemaErrors';
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

/**
 * Checks a parsed descriptor against targets/schema.json.
 * @returns undefined when valid, else one line naming the field and what it must be
 */
export function schemaError(descriptor: unknown): string | undefined {
  const validate = compiled();
  if (validate(descriptor)) return undefined;
  return schemaErrorLine(mainSchemaError(validate.errors ?? []));
}
