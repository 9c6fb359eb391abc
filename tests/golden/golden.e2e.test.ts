/**
 * Golden outputs: for every golden case (tests/golden/cases.ts: the zoo in float32, int8, float16 and hybrid
 * weights, the four MLPerf Tiny models, the examples) the compiled C computes byte-identical outputs to those
 * captured before the op-table redesign, `weights.c` is textually identical apart from its banner, and
 * `model.c` differs at most by the kernel symbols renamed since (KERNEL_RENAMES).
 *
 * The hashes live in hashes.json. To capture them afresh (only when a change is meant to alter generated
 * numbers, and said so in its commit): `TINYFIT_GOLDEN=capture npx jest tests/golden`.
 */
import { spawn, spawnSync } from 'child_process';
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { goldenCases, isProject, withoutBanner } from './cases';
import { tempDir } from '../helpers/zooRun';

const FIXTURE = path.join(__dirname, 'hashes.json');
const CAPTURE = process.env.TINYFIT_GOLDEN === 'capture';
/** Plain optimized build, no sanitizers (the other end-to-end tests run those): the same flags as at capture. */
const CFLAGS = '-O1 -std=c99 -ffp-contract=off';

/**
 * Kernel symbols renamed by the redesign: new name → name at capture time. model.c is compared after mapping
 * new names back, so any other difference in it fails.
 */
export const KERNEL_RENAMES: Record<string, string> = {
  pool2d_avg_f32: 'avg_pool2d_f32',
  pool2d_max_f32: 'max_pool2d_f32',
  pool2d_avg_s8: 'avg_pool2d_s8',
  pool2d_max_s8: 'max_pool2d_s8',
  global_pool_avg_f32: 'global_avg_pool_f32',
  global_pool_max_f32: 'global_max_pool_f32',
  global_pool_avg_s8: 'global_avg_pool_s8',
  global_pool_max_s8: 'global_max_pool_s8',
  global_pool_mean_s8: 'mean_s8',
  binary_add_s8: 'add_s8',
  binary_mul_s8: 'mul_s8',
  binary_minmax_s8: 'minmax_s8',
  concat_slice_f32: 'copy_strided_f32',
  concat_slice_s8: 'copy_strided_s8',
  concat_slice_requant_s8: 'requantize_s8',
  activation_lut_s8: 'lut_s8',
  activation_logistic_s8: 'logistic_s8',
  activation_tanh_s8: 'tanh_s8',
};

interface Hashes {
  outputs: string;
  weightsC: string;
  modelC: string;
}

const sha = (b: Buffer | string): string => createHash('sha256').update(b).digest('hex').slice(0, 32);

/** model.c with renamed kernel symbols mapped back, and its kernel #includes in the order sorting then gave. */
function unrename(modelC: string): string {
  let s = modelC;
  for (const [now, then] of Object.entries(KERNEL_RENAMES)) {
    s = s.replace(new RegExp(`_${now}\\(`, 'g'), `_${then}(`).replace(new RegExp(`"kernels/${now}\\.h"`, 'g'), `"kernels/${then}.h"`);
  }
  const lines = s.split('\n');
  const inc = lines.map((l, i) => (l.startsWith('#include "kernels/') ? i : -1)).filter((i) => i >= 0);
  const sorted = inc.map((i) => lines[i]).sort();
  inc.forEach((i, k) => (lines[i] = sorted[k]));
  return lines.join('\n');
}

function make(dir: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const p = spawn('make', ['-s', '-C', dir, 'CC=gcc', `CFLAGS=${CFLAGS}`], { stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    p.stderr.on('data', (d) => (err += d));
    p.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`make in ${dir} failed: ${err}`))));
  });
}

async function pool<T>(items: T[], width: number, fn: (t: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: width }, async () => {
    while (next < items.length) await fn(items[next++]);
  }));
}

const root = tempDir('golden');
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

const cases = goldenCases();
let fixture: Record<string, Hashes> = CAPTURE || !fs.existsSync(FIXTURE) ? {} : JSON.parse(fs.readFileSync(FIXTURE, 'utf8'));
const got = new Map<string, Hashes>();

beforeAll(async () => {
  const projects: { id: string; outDir: string; input: Buffer }[] = [];
  for (const c of cases) projects.push({ id: c.id, ...(await c.prepare(root)) });
  await pool(projects, Math.max(1, os.cpus().length), (p) => make(p.outDir));
  for (const p of projects) {
    if (!isProject(p.outDir)) throw new Error(`${p.id}: no project generated`);
    const r = spawnSync(path.join(p.outDir, 'runner'), [], { input: p.input, maxBuffer: 1 << 28 });
    if (r.status !== 0) throw new Error(`${p.id}: runner exited ${r.status}: ${r.stderr}`);
    got.set(p.id, {
      outputs: sha(r.stdout),
      weightsC: sha(withoutBanner(fs.readFileSync(path.join(p.outDir, 'weights.c'), 'utf8'))),
      modelC: sha(unrename(withoutBanner(fs.readFileSync(path.join(p.outDir, 'model.c'), 'utf8')))),
    });
  }
  if (CAPTURE) {
    fixture = Object.fromEntries(got);
    fs.writeFileSync(FIXTURE, JSON.stringify(fixture, null, 1) + '\n');
  }
}, 1_800_000);

describe('generated C is byte-identical to the captured golden outputs', () => {
  it('covers every case of the fixture and no case is new', () => {
    expect(Object.keys(fixture).sort()).toEqual(cases.map((c) => c.id).sort());
    expect(cases.length).toBeGreaterThanOrEqual(250);
  });
  for (const c of cases) {
    it(c.id, () => {
      const want = fixture[c.id];
      const have = got.get(c.id);
      expect(have).toBeDefined();
      expect({ case: c.id, ...have }).toEqual({ case: c.id, ...want });
    });
  }
});
