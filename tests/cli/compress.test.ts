/**
 * `tinyfit compress`: a short real run on MNIST digits (the shipped LeNet-300-100, 400 digits, one epoch per
 * stage) writes a model folder that `generate` reads, prints the table and the JSON the README promises, and
 * refuses bad input with one line and exit code 1, leaving an existing folder untouched.
 */
import * as fs from 'fs';
import * as path from 'path';
import { readNpy, writeNpy } from '../../src/io/npy';
import { readRecipe } from '../../src/compress/recipeFile';
import { REPO, runCli } from '../helpers/cli';
import { tempDir } from '../helpers/zooRun';

const root = tempDir('cli-compress');
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));
const mlp = path.join(REPO, 'examples/mnist/mlp');
const x = path.join(root, 'x.npy');
const y = path.join(root, 'y.npy');
const xe = path.join(root, 'xe.npy');
const ye = path.join(root, 'ye.npy');

beforeAll(() => {
  const tx = readNpy(path.join(REPO, 'examples/mnist/test_x.npy'));
  const ty = readNpy(path.join(REPO, 'examples/mnist/test_y.npy'));
  const s = 784;
  writeNpy(x, (tx.data as Float32Array).slice(0, 400 * s), [400, 28, 28, 1]);
  writeNpy(y, (ty.data as Uint8Array).slice(0, 400), [400]);
  writeNpy(xe, (tx.data as Float32Array).slice(400 * s, 600 * s), [200, 28, 28, 1]);
  writeNpy(ye, (ty.data as Uint8Array).slice(400, 600), [200]);
});

const base = (out: string): string[] => ['compress', mlp, '--train', x, '--labels', y, '--eval', xe, '--eval-labels', ye, '--out', out];

describe('tinyfit compress', () => {
  it('prunes, clusters and Huffman-codes with flags; --json; the folder generates C with the reported weight bytes', () => {
    const out = path.join(root, 'mlp-c');
    const r = runCli([...base(out), '--prune', '0.9', '--cluster', '16', '--huffman', '--epochs', '1', '--json'], { timeout: 300_000 });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const j = JSON.parse(r.stdout);
    for (const k of ['totalBytes', 'ratio', 'accuracy', 'baselineAccuracy']) expect(typeof j[k]).toBe('number');
    expect(j.stages.map((s: { name: string }) => s.name)).toEqual(['baseline', 'prune', 'cluster', 'int8', 'compressed']);
    expect(j.layers.map((l: { format: string }) => l.format)).toEqual(['sparseClustered+huffman-startup', 'sparseClustered+huffman-startup', expect.stringMatching(/^sparseClustered/)]);
    for (const l of j.layers) expect(l.kept / l.weights).toBeCloseTo(0.1, 2);
    expect(j.ratio).toBeGreaterThan(30);
    expect(j.totalBytes).toBeLessThan(1_066_440 / 30);
    expect(JSON.parse(fs.readFileSync(path.join(out, 'report.json'), 'utf8')).totalBytes).toBe(j.totalBytes);
    expect(fs.existsSync(path.join(out, 'float', 'model.json'))).toBe(true);
    const g = runCli(['generate', out, '--target', 'host', '--out', path.join(root, 'mlp-host'), '--json']);
    expect(g.status).toBe(0);
    expect(JSON.parse(g.stdout).weightBytes).toBe(j.totalBytes);
  });

  it('takes a recipe file and prints the table; a second run replaces the folder', () => {
    const out = path.join(root, 'mlp-r');
    const recipe = path.join(root, 'r.json');
    fs.writeFileSync(recipe, JSON.stringify({ seed: 3, prune: { sparsity: { fc1: 0.95 }, epochs: 1, lr: 0.0005 }, lowBit: { fc2: 4 } }));
    for (let i = 0; i < 2; i++) {
      const r = runCli([...base(out), '--recipe', recipe], { timeout: 300_000 });
      expect(r.status).toBe(0);
      expect(r.stdout).toMatch(/^fc1\s+235,200\s+5\.00 %\s+sparse\s/m);
      expect(r.stdout).toMatch(/^fc2\s+30,000\s+\d+\.\d\d %\s+int4\s+4\.00\s+-\s+15,000\s/m);
      expect(r.stdout).toMatch(/^fc3\s+1,000\s+\d+\.\d\d %\s+int8\s/m);
      expect(r.stdout).toMatch(/compressed int8 \d+\.\d\d % vs float \d+\.\d\d %/);
    }
    expect(fs.readdirSync(root).filter((f) => f.startsWith('mlp-r.'))).toEqual([]);
  });

  it('chooses sparsities by a sensitivity analysis: printed, plotted (SVG) and in the JSON', () => {
    const out = path.join(root, 'mlp-s');
    const recipe = path.join(root, 'rs.json');
    fs.writeFileSync(recipe, JSON.stringify({ prune: { sensitivity: { maxDrop: 0.03, samples: 100, sparsities: [0.5, 0.9] }, epochs: 1 } }));
    const r = runCli([...base(out), '--recipe', recipe], { timeout: 300_000 });
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/pruning sensitivity \(accuracy with one layer pruned alone; plot: .*sensitivity\.svg\):\nbaseline accuracy/);
    expect(r.stdout).toMatch(/^fc1\/kernel\s+235200\s+\d+\.\d\d\s+\d+\.\d\d$/m);
    const svg = fs.readFileSync(path.join(out, 'sensitivity.svg'), 'utf8');
    expect(svg.match(/<polyline /g)).toHaveLength(3);
    expect(JSON.parse(fs.readFileSync(path.join(out, 'report.json'), 'utf8')).sensitivity.rows).toHaveLength(6);
  });

  it('chooses int4 or int8 per layer from a sensitivity analysis (mixed precision)', () => {
    const out = path.join(root, 'mlp-mp');
    const recipe = path.join(root, 'rmp.json');
    fs.writeFileSync(recipe, JSON.stringify({ prune: { sparsity: { fc1: 0.9 }, epochs: 1 }, cluster: { bits: { fc1: 4 }, epochs: 1 }, mixedPrecision: { maxDrop: 0.01, samples: 200 } }));
    const r = runCli([...base(out), '--recipe', recipe, '--json'], { timeout: 300_000 });
    expect(r.status).toBe(0);
    const j = JSON.parse(r.stdout);
    // fc1 is clustered, so only fc2 and fc3 are measured; each becomes int4 exactly when its drop is within 1 point
    expect(j.precision.map((p: { weight: string }) => p.weight)).toEqual(['fc2/kernel', 'fc3/kernel']);
    for (const p of j.precision) {
      expect(p.int4).toBe(p.drop <= 0.01);
      const layer = j.layers.find((l: { op: string }) => l.op.startsWith(p.weight.split('/')[0]));
      expect({ weight: p.weight, format: layer.format }).toEqual({ weight: p.weight, format: p.int4 ? 'int4' : 'int8' });
    }
    expect(j.stages.find((s: { name: string }) => s.name === 'cluster').detail).toMatch(/mixed precision \(int4 alone, drop on 200 training samples\): fc2 -?\d+\.\d\d pt -> int(4|8), fc3/);
  });

  it.each([
    ['a misspelt recipe field', { prune: { sparsty: 0.9 } }, [], /r\.json: prune\.sparsty is not a recipe field \(prune has: sparsity, /],
    ['a sparsity out of range', { prune: { sparsity: 1.2 } }, [], /prune\.sparsity must be a fraction in \[0, 1\)/],
    ['a layer the model lacks', { prune: { sparsity: { conv9: 0.5 }, epochs: 1 } }, [], /recipe: prune names layer 'conv9', which has no prunable kernel \(fc1, fc2, fc3\)/],
    ['nothing to do', undefined, [], /nothing to do: give --recipe r\.json or at least one of --prune S/],
    ['a bad --huffman', undefined, ['--prune', '0.5', '--huffman', 'fast'], /--huffman takes startup or stream/],
    ['--eval without labels', undefined, ['--prune', '0.5', '--eval', xe], /--eval and --eval-labels go together/],
  ])('refuses %s with one line, exit 1', (_tag, recipe, extra, re) => {
    const out = path.join(root, `bad-${String(_tag).replace(/\W+/g, '-')}`);
    const args = ['compress', mlp, '--train', x, '--labels', y, '--out', out, ...(extra as string[])];
    if (recipe) {
      const f = path.join(root, 'r.json');
      fs.writeFileSync(f, JSON.stringify(recipe));
      args.push('--recipe', f);
    }
    const r = runCli(args, { timeout: 120_000 });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(re);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(fs.existsSync(out)).toBe(false);
  });

  it('refuses an --out folder that holds something else, and leaves it untouched', () => {
    const out = path.join(root, 'mine');
    fs.mkdirSync(out);
    fs.writeFileSync(path.join(out, 'notes.txt'), 'keep me');
    const r = runCli([...base(out), '--prune', '0.5', '--epochs', '1']);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/--out .*mine exists and is not a tinyfit model folder \(notes\.txt\): choose another folder/);
    expect(fs.readdirSync(out)).toEqual(['notes.txt']);
  });

  it('refuses labels that do not match the samples', () => {
    const bad = path.join(root, 'y-short.npy');
    writeNpy(bad, new Uint8Array(10), [10]);
    const r = runCli(['compress', mlp, '--train', x, '--labels', bad, '--prune', '0.5', '--out', path.join(root, 'short')]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/400 samples but 10 labels/);
  });
});

describe('shipped recipes', () => {
  const dir = path.join(REPO, 'examples/deep-compression');
  it.each(fs.readdirSync(dir).filter((f) => f.endsWith('.recipe.json')))('%s is a valid recipe', (f) => {
    expect(() => readRecipe(path.join(dir, f))).not.toThrow();
  });
});
