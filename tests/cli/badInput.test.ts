/**
 * CLI acceptance tests for bad input: every user mistake (broken model files, unsupported layers, bad options,
 * unwritable output) must end with exit status 1 and exactly one stderr line `tinyfit: error: …` that names the
 * offending file / layer / weight, with no stack trace; `generate` must leave neither the --out folder nor a
 * `*.tmp-*` sibling behind. Plus one happy path per command.
 *
 * Runs the built CLI (dist/, built once per jest run by tests/globalSetup.ts) on a small TF.js model saved in a
 * temp folder, and on corrupted copies of it.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { getTf } from '../../src/engine';
import { CliResult, runCli } from '../helpers/cli';
import { readModelJson, saveModel, SavedModelJson, seedWeights } from '../zoo/save';

const SHARD_BYTES = 1024;

let root: string;
/** The pristine model folder (never modified; tests work on copies). */
let good: string;
let caseNo = 0;

/** A fresh folder for one test case. */
function caseDir(tag: string): string {
  const d = path.join(root, `${String(++caseNo).padStart(2, '0')}-${tag}`);
  fs.mkdirSync(d);
  return d;
}

/** A copy of the good model in a fresh folder; returns the folder. */
function copyModel(tag: string): string {
  const d = caseDir(tag);
  for (const f of fs.readdirSync(good)) fs.copyFileSync(path.join(good, f), path.join(d, f));
  return d;
}

function writeJson(dir: string, json: unknown): void {
  fs.writeFileSync(path.join(dir, 'model.json'), JSON.stringify(json));
}

/** Layer configs of the saved Sequential topology. */
function layersOf(json: SavedModelJson): Array<{ class_name: string; config: Record<string, unknown> }> {
  const topo = json.modelTopology as { config: { layers: Array<{ class_name: string; config: Record<string, unknown> }> } };
  return topo.config.layers;
}

/** The shard paths and manifest entries of the (single) weight group, with each entry's byte offset. */
function weightLayout(json: SavedModelJson) {
  const [group] = json.weightsManifest;
  let offset = 0;
  const entries = group.weights.map((w) => {
    const e = { ...w, offset };
    offset += w.shape.reduce((a, b) => a * b, 1) * 4;
    return e;
  });
  return { paths: group.paths, entries, totalBytes: offset };
}

/** Overwrites float32 element `index` of weight `name` in the shard files of `dir` with `value`. */
function pokeWeight(dir: string, name: string, index: number, value: number): string {
  const { paths, entries } = weightLayout(readModelJson(dir));
  const e = entries.find((x) => x.name === name);
  if (!e) throw new Error(`test setup: no weight ${name}`);
  const byte = e.offset + 4 * index;
  const shard = Math.floor(byte / SHARD_BYTES);
  const file = path.join(dir, paths[shard]);
  const buf = fs.readFileSync(file);
  buf.writeFloatLE(value, byte - shard * SHARD_BYTES);
  fs.writeFileSync(file, buf);
  return paths[shard];
}

/** Asserts a user error: exit 1, one `tinyfit: error:` line on stderr mentioning every `mention`, nothing on stdout. */
function expectUserError(r: CliResult, ...mention: string[]): string {
  expect({ status: r.status, stderr: r.stderr }).toEqual({ status: 1, stderr: expect.stringMatching(/^tinyfit: error: [^\n]+\n$/) });
  expect(r.stderr).not.toMatch(/\bat .*\.js:\d+/); // no stack frames
  expect(r.stdout).toBe('');
  for (const m of mention) expect(r.stderr).toContain(m);
  return r.stderr;
}

/** Asserts that a failed `generate` left neither the out folder nor temp siblings behind. */
function expectNoOutput(out: string): void {
  expect(fs.existsSync(out)).toBe(false);
  const parent = path.dirname(out);
  if (fs.existsSync(parent) && fs.statSync(parent).isDirectory()) {
    const base = path.basename(out);
    expect(fs.readdirSync(parent).filter((f) => f.startsWith(`${base}.tmp-`) || f.startsWith(`${base}.old-`))).toEqual([]);
  }
}

/** Runs `generate` on a model folder into a fresh out path; expects a user error and no output. */
function generateFails(model: string, ...mention: string[]): string {
  const out = path.join(caseDir('out'), 'gen');
  const msg = expectUserError(runCli(['generate', model, '--target', 'host', '--out', out]), ...mention);
  expectNoOutput(out);
  return msg;
}

beforeAll(async () => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'tinyfit-badinput-'));
  good = path.join(root, 'good');
  const tf = await getTf();
  const model = tf.sequential({
    name: 'badinput',
    layers: [
      tf.layers.conv2d({ name: 'conv', inputShape: [6, 6, 1], filters: 4, kernelSize: 3, activation: 'relu' }),
      tf.layers.batchNormalization({ name: 'bn' }),
      tf.layers.flatten({ name: 'flat' }),
      tf.layers.dense({ name: 'fc1', units: 8, activation: 'relu' }),
      tf.layers.dense({ name: 'fc2', units: 3, activation: 'softmax' }),
    ],
  });
  seedWeights(model, 42);
  await saveModel(model, good, { shardBytes: SHARD_BYTES });
  model.dispose();
  const { paths, entries, totalBytes } = weightLayout(readModelJson(good));
  // The cases below rely on this layout: one group, several shards, manifest names 'layer/param'.
  expect(paths.length).toBeGreaterThanOrEqual(3);
  expect(entries.map((e) => e.name).sort()).toEqual(
    ['bn/beta', 'bn/gamma', 'bn/moving_mean', 'bn/moving_variance', 'conv/bias', 'conv/kernel', 'fc1/bias', 'fc1/kernel', 'fc2/bias', 'fc2/kernel'],
  );
  expect(totalBytes).toBeGreaterThan(2 * SHARD_BYTES);
});

afterAll(() => {
  if (root) fs.rmSync(root, { recursive: true, force: true });
});

describe('happy path', () => {
  test('generate writes the project and regenerating replaces it', () => {
    const out = path.join(caseDir('happy'), 'nested', 'gen');
    const r1 = runCli(['generate', good, '--target', 'host', '--out', out]);
    expect(r1).toMatchObject({ status: 0, stderr: '' });
    expect(fs.existsSync(path.join(out, 'model.h'))).toBe(true);
    expect(fs.existsSync(path.join(out, 'tinyfit.json'))).toBe(true);

    fs.writeFileSync(path.join(out, 'stale.txt'), 'left over from an earlier run');
    const r2 = runCli(['generate', path.join(good, 'model.json'), '--target', 'host', '--out', out, '--name', 'net']);
    expect(r2).toMatchObject({ status: 0, stderr: '' });
    expect(fs.existsSync(path.join(out, 'stale.txt'))).toBe(false);
    expect(fs.readFileSync(path.join(out, 'model.h'), 'utf8')).toContain('net_');
    expect(fs.readdirSync(path.dirname(out))).toEqual(['gen']);
  });

  test('generate --json reports sizes, ops, inputs, outputs and files', () => {
    const out = path.join(caseDir('json'), 'gen');
    const r = runCli(['generate', good, '--target', 'host', '--out', out, '--json']);
    expect(r).toMatchObject({ status: 0, stderr: '' });
    const j = JSON.parse(r.stdout);
    expect(j).toEqual(
      expect.objectContaining({
        arenaBytes: expect.any(Number),
        weightBytes: expect.any(Number),
        ops: expect.any(Number),
        inputs: [expect.objectContaining({ shape: [6, 6, 1] })],
        outputs: [expect.objectContaining({ shape: [3] })],
        files: expect.arrayContaining(['model.h', 'model.c', 'tinyfit.json']),
      }),
    );
    // Every weight ends up in the C arrays, except that BatchNormalization's 4 vectors become 2 (scale, shift).
    expect(j.weightBytes).toBe(weightLayout(readModelJson(good)).totalBytes - 2 * 4 * 4);
  });

  test('inspect --json prints ops and totals', () => {
    const r = runCli(['inspect', good, '--json']);
    expect(r).toMatchObject({ status: 0, stderr: '' });
    const j = JSON.parse(r.stdout);
    expect(Array.isArray(j.ops)).toBe(true);
    expect(j.ops.length).toBeGreaterThan(0);
    expect(j.totals).toEqual(expect.objectContaining({ ops: j.ops.length, params: expect.any(Number), arenaBytes: expect.any(Number) }));
  });

  test('targets --json lists host', () => {
    const r = runCli(['targets', '--json']);
    expect(r).toMatchObject({ status: 0, stderr: '' });
    expect(JSON.parse(r.stdout).map((t: { id: string }) => t.id)).toContain('host');
  });
});

describe('corrupt model.json', () => {
  test('truncated JSON text', () => {
    const d = copyModel('truncated-json');
    const text = fs.readFileSync(path.join(d, 'model.json'), 'utf8');
    fs.writeFileSync(path.join(d, 'model.json'), text.slice(0, Math.floor(text.length / 2)));
    generateFails(d, path.join(d, 'model.json'), 'JSON');
  });

  test('binary garbage', () => {
    const d = copyModel('garbage-json');
    const junk = Buffer.alloc(512);
    for (let i = 0; i < junk.length; i++) junk[i] = (i * 193 + 71) & 0xff; // includes \n, \r, NUL, ESC...
    fs.writeFileSync(path.join(d, 'model.json'), junk);
    const msg = generateFails(d, path.join(d, 'model.json'), 'JSON');
    expect(msg).toMatch(/^[\x20-\x7e]+\n$/); // printable: no raw bytes of the file on the terminal
  });

  test('text with control characters and non-ASCII', () => {
    const d = copyModel('control-json');
    fs.writeFileSync(path.join(d, 'model.json'), '\u00e9\u001b[2J\u001b[31m{"format":\r\n"layers-model"}');
    const msg = generateFails(d, path.join(d, 'model.json'), 'JSON');
    expect(msg).toMatch(/^[\x20-\x7e]+\n$/);
  });

  test.each([
    ['an array', '[1, 2, 3]', 'array'],
    ['a number', '42', 'number'],
    ['null', 'null', 'null'],
  ])('valid JSON that is %s, not an object', (_what, text, kind) => {
    const d = copyModel('nonobject-json');
    fs.writeFileSync(path.join(d, 'model.json'), text);
    const msg = generateFails(d, path.join(d, 'model.json'), kind);
    expect(msg).not.toContain('not valid JSON');
  });
});

describe('weight shards', () => {
  test('a missing shard file', () => {
    const d = copyModel('missing-shard');
    const { paths } = weightLayout(readModelJson(d));
    fs.rmSync(path.join(d, paths[1]));
    generateFails(d, paths[1], 'missing');
  });

  test('a truncated last shard', () => {
    const d = copyModel('short-shard');
    const { paths } = weightLayout(readModelJson(d));
    const last = path.join(d, paths[paths.length - 1]);
    const buf = fs.readFileSync(last);
    fs.writeFileSync(last, buf.subarray(0, buf.length - 6));
    const lastWeight = weightLayout(readModelJson(d)).entries.slice(-1)[0].name; // TF.js writes non-trainable weights last
    generateFails(d, paths[paths.length - 1], `'${lastWeight}'`, 'truncated');
  });

  test('an over-long shard', () => {
    const d = copyModel('long-shard');
    const { paths } = weightLayout(readModelJson(d));
    const last = path.join(d, paths[paths.length - 1]);
    fs.appendFileSync(last, Buffer.alloc(8, 0x5a));
    generateFails(d, paths[paths.length - 1], path.join(d, 'model.json'));
  });
});

describe('manifest does not match the layers', () => {
  test("a weight's shape edited in the manifest", () => {
    const d = copyModel('shape-edit');
    const json = readModelJson(d);
    const w = json.weightsManifest[0].weights.find((x) => x.name === 'fc2/kernel');
    expect(w?.shape).toEqual([8, 3]);
    (w as { shape: number[] }).shape = [3, 8]; // same byte count, wrong shape for the layer
    writeJson(d, json);
    generateFails(d, "'fc2/kernel'", "'fc2'", '[3,8]', '[8,3]');
  });

  test('a renamed weight leaves a layer without its kernel', () => {
    const d = copyModel('rename');
    const json = readModelJson(d);
    const w = json.weightsManifest[0].weights.find((x) => x.name === 'fc1/kernel');
    (w as { name: string }).name = 'fc1/kernal';
    writeJson(d, json);
    generateFails(d, "'fc1/kernel'", "layer 'fc1'");
  });
});

describe('non-finite weights', () => {
  test.each([
    ['NaN', 'fc1/kernel', NaN, 5],
    ['+Inf', 'fc1/kernel', Infinity, 300],
    ['-Inf', 'conv/bias', -Infinity, 2],
  ] as const)('%s in %s names the weight and its shard', (_what, name, value, index) => {
    const d = copyModel('nonfinite');
    const shard = pokeWeight(d, name, index, value);
    const msg = generateFails(d, `'${name}'`, shard, String(value));
    expect(msg).toContain(`element ${index}`);
    // inspect reads the same importer
    expectUserError(runCli(['inspect', d]), `'${name}'`);
  });

  test('a negative BatchNormalization moving_variance names the layer', () => {
    const d = copyModel('negvar');
    pokeWeight(d, 'bn/moving_variance', 1, -2);
    generateFails(d, "layer 'bn'", 'moving_variance', 'channel 1');
  });
});

describe('unsupported layers', () => {
  test.each([
    ['fc1', 'LSTM'],
    ['conv', 'Conv3D'],
  ])("layer '%s' changed to %s", (layer, cls) => {
    const d = copyModel('unsupported');
    const json = readModelJson(d);
    const l = layersOf(json).find((x) => x.config.name === layer);
    (l as { class_name: string }).class_name = cls;
    writeJson(d, json);
    generateFails(d, `'${layer}'`, cls, path.join(d, 'model.json'));
  });
});

describe('output folder', () => {
  test('--out whose parent is a regular file (ENOTDIR)', () => {
    const d = caseDir('notdir');
    const file = path.join(d, 'plain-file');
    fs.writeFileSync(file, 'not a folder');
    for (const out of [path.join(file, 'gen'), path.join(file, 'a', 'b')]) {
      expectUserError(runCli(['generate', good, '--target', 'host', '--out', out]), out, 'not a directory');
      expect(fs.readFileSync(file, 'utf8')).toBe('not a folder');
      expect(fs.readdirSync(d)).toEqual(['plain-file']);
    }
  });

  test('--out that is a regular file', () => {
    const d = caseDir('outfile');
    const file = path.join(d, 'gen');
    fs.writeFileSync(file, 'precious');
    expectUserError(runCli(['generate', good, '--target', 'host', '--out', file]), file);
    expect(fs.readFileSync(file, 'utf8')).toBe('precious');
    expect(fs.readdirSync(d)).toEqual(['gen']);
  });

  test('--out that is a non-empty folder tinyfit did not create is refused and left untouched', () => {
    const d = caseDir('foreign');
    const out = path.join(d, 'src');
    fs.mkdirSync(path.join(out, 'sub'), { recursive: true });
    fs.writeFileSync(path.join(out, 'main.c'), 'int main(void) { return 0; }\n');
    fs.writeFileSync(path.join(out, 'sub', 'notes.txt'), 'keep me');
    expectUserError(runCli(['generate', good, '--target', 'host', '--out', out]), out, 'refusing', '--out');
    expect(fs.readFileSync(path.join(out, 'main.c'), 'utf8')).toBe('int main(void) { return 0; }\n');
    expect(fs.readFileSync(path.join(out, 'sub', 'notes.txt'), 'utf8')).toBe('keep me');
    expect(fs.readdirSync(out).sort()).toEqual(['main.c', 'sub']);
    expect(fs.readdirSync(d)).toEqual(['src']);
  });
});

describe('bad options and paths', () => {
  test('unknown target', () => {
    const out = path.join(caseDir('target'), 'gen');
    expectUserError(runCli(['generate', good, '--target', 'esp99', '--out', out]), "'esp99'", 'host');
    expectNoOutput(out);
  });

  test.each(['9bad', 'a-b', ''])('invalid --name %p', (name) => {
    const out = path.join(caseDir('name'), 'gen');
    expectUserError(runCli(['generate', good, '--target', 'host', '--out', out, '--name', name]), '--name', `'${name}'`);
    expectNoOutput(out);
  });

  test.each(['abc', '-5'])('invalid --ram-budget %p', (budget) => {
    const out = path.join(caseDir('budget'), 'gen');
    expectUserError(runCli(['generate', good, '--target', 'host', '--out', out, `--ram-budget=${budget}`]), '--ram-budget');
    expectNoOutput(out);
  });

  test('--ram-budget too small names the budget and the peak', () => {
    const out = path.join(caseDir('budget'), 'gen');
    expectUserError(runCli(['generate', good, '--target', 'host', '--out', out, '--ram-budget', '16']), '--ram-budget of 16 B');
    expectNoOutput(out);
  });

  test('missing model file', () => {
    const missing = path.join(root, 'no-such-dir', 'model.json');
    const out = path.join(caseDir('nomodel'), 'gen');
    expectUserError(runCli(['generate', missing, '--target', 'host', '--out', out]), missing, 'no such file');
    expectNoOutput(out);
    expectUserError(runCli(['inspect', missing]), missing);
  });

  test('a folder without model.json', () => {
    const d = caseDir('empty-model-dir');
    fs.writeFileSync(path.join(d, 'weights.bin'), Buffer.alloc(4));
    const out = path.join(caseDir('out'), 'gen');
    expectUserError(runCli(['generate', d, '--target', 'host', '--out', out]), d, 'model.json');
    expectNoOutput(out);
  });

  test('unknown option', () => {
    const out = path.join(caseDir('unknown-opt'), 'gen');
    expectUserError(runCli(['generate', good, '--target', 'host', '--out', out, '--frobnicate']), 'frobnicate');
    expectNoOutput(out);
    expectUserError(runCli(['inspect', good, '--bogus', '1']), 'bogus');
  });

  test('unknown command', () => {
    expectUserError(runCli(['genrate', good]), "'genrate'", 'generate?');
    expectUserError(runCli(['xyzzy']), 'xyzzy');
  });

  test.each([
    ['--target', ['--out', 'x']],
    ['--out', ['--target', 'host']],
  ])('missing required option %s', (opt, rest) => {
    const d = caseDir('missing-opt');
    expectUserError(runCli(['generate', good, ...rest], { cwd: d }), opt.slice(2));
    expect(fs.readdirSync(d)).toEqual([]);
  });

  test('missing model argument and missing command', () => {
    expectUserError(runCli(['generate', '--target', 'host', '--out', path.join(root, 'never')]), '<model>');
    expectUserError(runCli(['inspect']), '<model>');
    expectUserError(runCli([]), 'command');
  });
});
