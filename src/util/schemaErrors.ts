/**
 * ajv errors as one line naming the field and what it must be, e.g.
 * `build.f_cpu must be a number or a PlatformIO frequency string (...), got true`: shared by the target
 * descriptor and compression recipe validators. A schema node's "x-expected" keyword words what it accepts.
 */
import type { ErrorObject } from 'ajv';

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

/** One sentence for one ajv error (without the file); `noun` names the document (descriptor, recipe). */
export function schemaErrorLine(e: ErrorObject, noun = 'descriptor'): string {
  const field = dottedPath(e.instancePath);
  const subject = field || `the ${noun}`;
  const expected = (e.parentSchema as Record<string, unknown> | undefined)?.['x-expected'];
  const got = `got ${shown(e.data)}`;
  switch (e.keyword) {
    case 'required':
      return `${dottedPath(e.instancePath, (e.params as { missingProperty: string }).missingProperty)} is required${typeof expected === 'string' ? ` (${expected})` : ''}`;
    case 'additionalProperties': {
      const extra = (e.params as { additionalProperty: string }).additionalProperty;
      const known = Object.keys((e.parentSchema as { properties?: object }).properties ?? {}).filter((k) => k !== '$schema');
      return `${dottedPath(e.instancePath, extra)} is not a ${noun} field (${field ? `${field} has` : 'fields are'}: ${known.join(', ')})`;
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
export function mainSchemaError(errors: ErrorObject[]): ErrorObject {
  const unions = errors.filter((e) => e.keyword === 'anyOf' || e.keyword === 'oneOf');
  const kept = errors.filter((e) => e.keyword !== 'if' && !unions.some((u) => u !== e && e.schemaPath.startsWith(`${u.schemaPath}/`)));
  return kept[0] ?? errors[0];
}
