/**
 * Malformed TF.js Layers models found by the model mutation fuzz (tests/fuzz): each must end in a one-line
 * TinyfitError from importModel that names the layer or weight, never in an internal error (EISDIR, URIError,
 * "Cannot read properties of undefined", a string in the arithmetic, a graph input nothing writes).
 *
 * Two small models are built with TF.js and saved by saveModel; every test edits a copy of the saved model.json or
 * its shard and checks the error.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type * as TF from '@tensorflow/tfjs';
import { getTf } from '../../src/engine';
import { TinyfitError } from '../../src/errors';
import { importModel } from '../../src/import';
import { readModelJson, saveModel, SavedModelJson, seedWeights } from '../zoo/save';

type Json = Record<string, unknown>;

let root: string;
/** Functional: img [8,8,2] → conv → pool → bn → flat → fc; concat with vec [4] → relu6 → leaky → head (softmax). */
let functional: string;
/** Sequential: [4,6,2] → zp → crop → up → perm → resh → prelu → sm. */
let sequential: string;
let caseNo = 0;

beforeAll(async () => {
  const tf = await getTf();
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'tinyfit-malformed-'));
  const img = tf.input({ shape: [8, 8, 2], name: 'img' });
  const vec = tf.input({ shape: [4], name: 'vec' });
  const ap = (l: TF.layers.Layer, x: TF.SymbolicTensor | TF.SymbolicTensor[]): TF.SymbolicTensor => l.apply(x) as TF.SymbolicTensor;
  let x = ap(tf.layers.conv2d({ filters: 3, kernelSize: 3, padding: 'same', name: 'conv' }), img);
  x = ap(tf.layers.maxPooling2d({ poolSize: 2, name: 'pool' }), x);
  x = ap(tf.layers.batchNormalization({ name: 'bn' }), x);
  x = ap(tf.layers.flatten({ name: 'flat' }), x);
  x = ap(tf.layers.dense({ units: 4, name: 'fc' }), x);
  x = ap(tf.layers.concatenate({ name: 'cat' }), [x, vec]);
  x = ap(tf.layers.reLU({ maxValue: 6, name: 'relu6' }), x);
  x = ap(tf.layers.leakyReLU({ alpha: 0.2, name: 'leaky' }), x);
  const out = ap(tf.layers.dense({ units: 3, activation: 'softmax', name: 'head' }), x);
  const fm = tf.model({ inputs: [img, vec], outputs: out, name: 'functional' });
  seedWeights(fm, 1);
  functional = path.join(root, 'functional');
  await saveModel(fm, functional);

  const sm = tf.sequential({
    name: 'sequential',
    layers: [
      tf.layers.zeroPadding2d({ inputShape: [4, 6, 2], padding: 1, name: 'zp' }),
      tf.layers.cropping2D({ cropping: 1, name: 'crop' }),
      tf.layers.upSampling2d({ size: [2, 2], name: 'up' }),
      tf.layers.permute({ dims: [2, 1, 3], name: 'perm' }),
      tf.layers.reshape({ targetShape: [12, 16], name: 'resh' }),
      tf.layers.prelu({ sharedAxes: [1], name: 'prelu' }),
      tf.layers.softmax({ axis: -1, name: 'sm' }),
    ],
  });
  seedWeights(sm, 2);
  sequential = path.join(root, 'sequential');
  await saveModel(sm, sequential);
});

afterAll(() => {
  fs.rmSync(root, { recursive: true, force: true });
});

/** A copy of a saved model folder with its model.json edited by `edit` (which may also change files in the copy). */
function edited(src: string, edit: (json: SavedModelJson, dir: string) => void): string {
  const dir = path.join(root, `case${++caseNo}`);
  fs.mkdirSync(dir);
  for (const f of fs.readdirSync(src)) fs.copyFileSync(path.join(src, f), path.join(dir, f));
  const json = readModelJson(dir);
  edit(json, dir);
  fs.writeFileSync(path.join(dir, 'model.json'), JSON.stringify(json));
  return dir;
}

/** importModel must throw a one-line TinyfitError matching `re`. */
function expectUserError(dir: string, re: RegExp): void {
  let err: unknown;
  try {
    importModel(dir);
  } catch (e) {
    err = e;
  }
  expect(err).toBeInstanceOf(TinyfitError);
  const msg = (err as Error).message;
  expect(msg).not.toMatch(/[\n\r]/);
  expect(msg).toMatch(re);
}

function layers(json: SavedModelJson): Json[] {
  return ((json.modelTopology as Json).config as Json).layers as Json[];
}

function layer(json: SavedModelJson, name: string): Json {
  const l = layers(json).find((x) => (x.config as Json).name === name);
  if (!l) throw new Error(`no layer ${name}`);
  return l;
}

function setConfig(src: string, name: string, key: string, value: unknown): string {
  return edited(src, (j) => {
    (layer(j, name).config as Json)[key] = value;
  });
}

test('both models import unedited', () => {
  expect(importModel(functional).ops.length).toBeGreaterThan(5);
  expect(importModel(sequential).ops.length).toBeGreaterThan(5);
});

describe('weight shards', () => {
  test.each([
    ['..', /is not a file/],
    ['.', /is not a file/],
    ['', /expected a file name/],
    [5, /expected a file name/],
    [null, /expected a file name/],
    ['%zz', /is not valid URL encoding/],
  ])('a manifest path %j', (p, re) => {
    expectUserError(
      edited(functional, (j) => {
        j.weightsManifest[0].paths = [p as string];
      }),
      re,
    );
  });

  test('a shard replaced by a folder', () => {
    const dir = edited(functional, (j, d) => {
      const shard = path.join(d, j.weightsManifest[0].paths[0]);
      fs.rmSync(shard);
      fs.mkdirSync(shard);
    });
    expectUserError(dir, /weight shard 'group1-shard1of1\.bin' \(group 1\) is not a file/);
  });

  test('a group without paths names no shard', () => {
    expectUserError(
      edited(functional, (j) => {
        j.weightsManifest[0].paths = [];
      }),
      /weight shards \(none: the group lists no paths\) hold 0 bytes/,
    );
  });
});

describe('weight manifest entries', () => {
  test.each([[[-1, 3]], [[2.5, 3]], [['3', 3]], [[null, 3]], [[2 ** 53, 3]]])('a shape %j', (shape) => {
    expectUserError(
      edited(functional, (j) => {
        const e = j.weightsManifest[0].weights.find((w) => w.name === 'fc/bias')!;
        e.shape = shape as number[];
      }),
      /weight 'fc\/bias' has shape .*dimensions must be non-negative integers/,
    );
  });

  test('quantization that is not an object', () => {
    expectUserError(
      edited(functional, (j) => {
        (j.weightsManifest[0].weights[0] as unknown as Json).quantization = 'uint8';
      }),
      /weight 'conv\/kernel' has quantization "uint8"; expected an object/,
    );
  });

  test.each([
    ['scale', '0.1'],
    ['min', '0.5'],
    ['scale', true],
    ['min', [1]],
  ])('a uint8 quantization %s of %j', (field, value) => {
    expectUserError(
      edited(functional, (j) => {
        (j.weightsManifest[0].weights[0] as unknown as Json).quantization = { dtype: 'uint8', scale: 0.01, min: 0, [field]: value };
      }),
      new RegExp(`weight 'conv/kernel' has quantization ${field} .*; expected a finite number`),
    );
  });

  test('a quantization dtype that is not a string', () => {
    expectUserError(
      edited(functional, (j) => {
        (j.weightsManifest[0].weights[0] as unknown as Json).quantization = { dtype: 5 };
      }),
      /weight 'conv\/kernel' uses unsupported quantization dtype 5/,
    );
  });

  test('two entries with one name', () => {
    expectUserError(
      edited(functional, (j) => {
        const w = j.weightsManifest[0].weights;
        const i = w.findIndex((e) => e.name === 'fc/bias');
        w[i + 1] = { ...w[i + 1], name: 'fc/bias' };
      }),
      /weightsManifest lists weight 'fc\/bias' twice/,
    );
  });
});

describe('layer classes and calls', () => {
  test.each(['toString', '__proto__', 'constructor', 'hasOwnProperty', 'valueOf'])('class_name %s (an Object.prototype key)', (cls) => {
    expectUserError(
      edited(functional, (j) => {
        layer(j, 'fc').class_name = cls;
      }),
      new RegExp(`layer 'fc' has unsupported class '${cls}'`),
    );
  });

  test('a call with no inputs', () => {
    expectUserError(
      edited(functional, (j) => {
        layer(j, 'fc').inbound_nodes = [[]];
      }),
      /layer 'fc' \(Dense\): takes 1 input, but a call of it has 0/,
    );
  });

  test('a single-input layer called on two tensors', () => {
    expectUserError(
      edited(functional, (j) => {
        const nodes = layer(j, 'relu6').inbound_nodes as unknown[][][];
        nodes[0].push(['vec', 0, 0, {}]);
      }),
      /layer 'relu6' \(ReLU\): takes 1 input, but a call of it has 2/,
    );
  });
});

describe('model inputs', () => {
  const inputs = (j: SavedModelJson): Json => (j.modelTopology as Json).config as Json;

  test('input_layers naming a layer that is not an InputLayer', () => {
    expectUserError(
      edited(functional, (j) => {
        inputs(j).input_layers = [['img', 0, 0], ['fc', 0, 0]];
      }),
      /model input 'fc' is not an InputLayer/,
    );
  });

  test('an InputLayer the model reads but does not list', () => {
    expectUserError(
      edited(functional, (j) => {
        inputs(j).input_layers = [['img', 0, 0]];
      }),
      /InputLayer 'vec' is used but not listed in the model's input_layers/,
    );
  });

  test('an input listed twice', () => {
    expectUserError(
      edited(functional, (j) => {
        inputs(j).input_layers = [['img', 0, 0], ['vec', 0, 0], ['img', 0, 0]];
      }),
      /input_layers lists an input twice/,
    );
  });

  test.each([[[null, 8, 2.5, 2]], [[null, 8, 1e-30, 2]], [[null, '8', 8, 2]], [[null, 8, true, 2]], [[null, 8, [8], 2]]])(
    'an input shape %j',
    (shape) => {
      expectUserError(
        edited(functional, (j) => {
          (layer(j, 'img').config as Json).batch_input_shape = shape;
        }),
        /layer 'img' \(InputLayer\): input shape .* is not a list of positive integers/,
      );
    },
  );

  test('an unknown input dimension is reported as such', () => {
    expectUserError(
      edited(functional, (j) => {
        (layer(j, 'img').config as Json).batch_input_shape = [null, null, 8, 2];
      }),
      /input shape \[null,8,2\] has unknown dimensions/,
    );
  });
});

describe('layer config values of the wrong type', () => {
  const F = 'functional';
  const S = 'sequential';
  test.each([
    [F, 'conv', 'strides', [1, [1, null]], /'strides' must be an int or a pair of ints, got \[1,\[1,null\]\]/],
    [F, 'conv', 'kernel_size', ['3', 3], /'kernel_size' must be an int or a pair of ints/],
    [F, 'conv', 'dilation_rate', [1, 'NaN'], /'dilation_rate' must be an int or a pair of ints/],
    [F, 'pool', 'pool_size', ['a', 2], /'pool_size' must be an int or a pair of ints/],
    [F, 'pool', 'strides', [2, null], /'strides' must be an int or a pair of ints/],
    [F, 'conv', 'filters', '3', /'filters' must be a number, got "3"/],
    [F, 'fc', 'units', '4', /'units' must be a number/],
    [F, 'conv', 'use_bias', 'false', /'use_bias' must be true or false, got "false"/],
    [F, 'conv', 'padding', 5, /'padding' must be a string, got 5/],
    [F, 'pool', 'padding', ['same'], /'padding' must be a string/],
    [F, 'conv', 'data_format', 1, /'data_format' must be a string/],
    [F, 'conv', 'groups', '1', /'groups' must be a number/],
    [F, 'relu6', 'max_value', 'NaN', /'max_value' must be a number, got "NaN"/],
    [F, 'leaky', 'alpha', '-Infinity', /'alpha' must be a number/],
    [F, 'bn', 'epsilon', 'x', /'epsilon' must be a number/],
    [F, 'bn', 'axis', ['x'], /'axis' must be a number or a list of numbers/],
    [F, 'bn', 'center', 'yes', /'center' must be true or false/],
    [F, 'bn', 'scale', 1, /'scale' must be true or false/],
    [F, 'cat', 'axis', 'x', /'axis' must be a number/],
    [S, 'sm', 'axis', 'NaN', /'axis' must be a number or a list of numbers, got "NaN"/],
    [S, 'prelu', 'shared_axes', 'abc', /'shared_axes' must be a list of numbers/],
    [S, 'resh', 'target_shape', 'nan', /'target_shape' must be a list of numbers/],
    [S, 'resh', 'target_shape', [12, '16'], /'target_shape' must be a list of numbers/],
    [S, 'perm', 'dims', 'x', /'dims' must be a list of numbers/],
    [S, 'crop', 'cropping', [[1, 'a'], [0, 0]], /cannot read 'cropping'/],
    [S, 'zp', 'padding', [[1, null], [1, 1]], /cannot read 'padding'/],
    [S, 'up', 'interpolation', 5, /'interpolation' must be a string/],
    [S, 'up', 'size', [2, '2'], /'size' must be an int or a pair of ints/],
  ])('%s model: %s.%s = %j', (model, name, key, value, re) => {
    expectUserError(setConfig(model === F ? functional : sequential, name, key, value), new RegExp(`^model\\.json: layer '${name}' \\(\\w+\\): .*${re.source}`));
  });
});
