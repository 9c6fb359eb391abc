/**
 * Compression recipes as JSON files (`tinyfit compress --recipe r.json`), checked with ajv against one JSON
 * Schema (draft 2020-12; unknown fields are refused, so a typo such as "sparsty" is an error, not a silent
 * default), and the recipe the command-line flags (--prune/--cluster/--bits/--huffman) stand for.
 */
import * as fs from 'fs';
import Ajv2020, { ValidateFunction } from 'ajv/dist/2020';
import { TinyfitError } from '../errors';
import { mainSchemaError, schemaErrorLine } from '../util/schemaErrors';
import type { CompressRecipe } from './recipe';

const fraction = { type: 'number', minimum: 0, exclusiveMaximum: 1 };
const perLayer = (value: object, expected: string) => ({
  anyOf: [value, { type: 'object', minProperties: 1, additionalProperties: value }],
  'x-expected': expected,
});
const training = {
  epochs: { type: 'integer', minimum: 0 },
  lr: { type: 'number', exclusiveMinimum: 0 },
};

/** The recipe schema (every field optional; stages run in the order structured → prune → cluster → int8). */
export const RECIPE_SCHEMA = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  title: 'tinyfit compression recipe',
  type: 'object',
  additionalProperties: false,
  properties: {
    $schema: { type: 'string' },
    seed: { type: 'integer', minimum: 0 },
    batchSize: { type: 'integer', minimum: 1 },
    augmentShift: { type: 'integer', minimum: 0, maximum: 8 },
    calibrationSamples: { type: 'integer', minimum: 1 },
    structured: {
      type: 'object',
      additionalProperties: false,
      properties: {
        macFraction: { type: 'number', exclusiveMinimum: 0, maximum: 1 },
        layers: { type: 'object', additionalProperties: { type: 'number', exclusiveMinimum: 0 } },
        criterion: { enum: ['l1', 'bn', 'auto'] },
        steps: { type: 'integer', minimum: 1 },
        minKeep: { type: 'number', exclusiveMinimum: 0, maximum: 1 },
        ...training,
      },
    },
    prune: {
      type: 'object',
      additionalProperties: false,
      properties: {
        sparsity: perLayer(fraction, 'a fraction in [0, 1) or an object of them by layer name'),
        rampEpochs: { type: 'integer', minimum: 0 },
        finalEpochs: { type: 'integer', minimum: 0 },
        finalLr: { type: 'number', exclusiveMinimum: 0 },
        sensitivity: {
          type: 'object',
          additionalProperties: false,
          required: ['maxDrop'],
          properties: {
            maxDrop: { type: 'number', exclusiveMinimum: 0 },
            samples: { type: 'integer', minimum: 1 },
            sparsities: { type: 'array', minItems: 1, items: fraction },
          },
        },
        ...training,
      },
    },
    cluster: {
      type: 'object',
      additionalProperties: false,
      required: ['bits'],
      properties: {
        bits: perLayer({ type: 'integer', minimum: 1, maximum: 8 }, 'an integer 1..8 or an object of them by layer name'),
        init: { enum: ['linear', 'kmeans++'] },
        ...training,
      },
    },
    lowBit: perLayer({ const: 4 }, '4 (int4 weights for every layer not clustered) or an object of layer name: 4'),
    mixedPrecision: {
      type: 'object',
      additionalProperties: false,
      required: ['maxDrop'],
      properties: { maxDrop: { type: 'number', minimum: 0, maximum: 1 }, samples: { type: 'integer', minimum: 1 } },
    },
    huffman: { enum: [true, false, 'startup', 'stream'] },
  },
} as const;

let validator: ValidateFunction | undefined;

/**
 * Checks a parsed recipe.
 * @returns undefined when valid, else one line naming the field and what it must be
 */
export function recipeError(recipe: unknown): string | undefined {
  if (!validator) {
    const ajv = new Ajv2020({ allErrors: false, verbose: true, strict: true, strictRequired: false });
    ajv.addKeyword({ keyword: 'x-expected', schemaType: 'string' });
    validator = ajv.compile(RECIPE_SCHEMA);
  }
  if (validator(recipe)) return undefined;
  return schemaErrorLine(mainSchemaError(validator.errors ?? []), 'recipe');
}

/**
 * Reads and checks a recipe file.
 * @throws TinyfitError naming the file and the field when it is missing, not JSON or not a valid recipe
 */
export function readRecipe(file: string): CompressRecipe {
  let doc: unknown;
  try {
    doc = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new TinyfitError(code ? `${file}: cannot read the recipe (${code})` : `${file}: the recipe is not valid JSON (${(e as Error).message})`);
  }
  const err = recipeError(doc);
  if (err) throw new TinyfitError(`${file}: ${err}`);
  return doc as CompressRecipe;
}

/** The command-line flags a recipe can be written as. */
export interface RecipeFlags {
  prune?: number;
  cluster?: number;
  huffman?: boolean | 'startup' | 'stream';
  structured?: number;
  epochs?: number;
  lr?: number;
  seed?: number;
}

/**
 * The recipe the flags stand for: `--prune S` (sparsity of every weight layer), `--cluster K` (K shared values
 * per layer: ⌈log2 K⌉-bit indices), `--bits 4` (int4 weights where not clustered), `--huffman`, `--structured F`
 * (keep F of the MACs); `--epochs`/`--lr` for every training stage. With a recipe file, the flags override it.
 * @throws TinyfitError for a value out of range
 */
export function recipeFromFlags(f: RecipeFlags, base: CompressRecipe = {}): CompressRecipe {
  const r: CompressRecipe = structuredClone(base);
  const train = (s: { epochs?: number; lr?: number }): void => {
    if (f.epochs !== undefined) s.epochs = f.epochs;
    if (f.lr !== undefined) s.lr = f.lr;
  };
  if (f.seed !== undefined) r.seed = f.seed;
  if (f.structured !== undefined) r.structured = { ...r.structured, macFraction: f.structured };
  if (f.prune !== undefined) r.prune = { ...r.prune, sparsity: f.prune };
  if (f.cluster !== undefined) {
    if (!Number.isInteger(f.cluster) || f.cluster < 2 || f.cluster > 256) throw new TinyfitError(`--cluster must be an integer number of shared values in [2, 256], got ${f.cluster}`);
    r.cluster = { ...r.cluster, bits: Math.ceil(Math.log2(f.cluster)) };
  }
  if (f.huffman !== undefined) r.huffman = f.huffman;
  for (const s of [r.structured, r.prune, r.cluster]) if (s) train(s);
  const err = recipeError(r);
  if (err) throw new TinyfitError(`bad compression options: ${err.replace(/^(\w+)\./, '--$1 ')}`);
  return r;
}
