/**
 * The op table is complete and enforced:
 * - every op kind has its definition, its float and int8 reference, its C call builders, and every kernel its
 *   definition lists exists in firmware/kernels (with its header);
 * - an op kind added to the IR without its reference or codegen does not compile (a real tsc run over src/ with
 *   the kind added by module augmentation);
 * - an op that reaches code generation without a C call is an internal error (exit 2 in the CLI), never skipped.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { generate } from '../../../src/codegen';
import { CALLS } from '../../../src/codegen/calls';
import { NO_CODE, OpCalls } from '../../../src/codegen/calls/common';
import { TinyfitError } from '../../../src/errors';
import { addOp, addTensor, emptyGraph } from '../../../src/ir/graph';
import { OP_KINDS, OPS } from '../../../src/ir/ops';
import { Graph, NO_CLAMP, OpKind } from '../../../src/ir/types';
import { REFERENCE } from '../../../src/reference/registry';

const REPO = path.resolve(__dirname, '..', '..', '..');

describe('the op table', () => {
  it('lists every kind once, each with its definition, references, call builders and source files', () => {
    expect(OP_KINDS.length).toBeGreaterThanOrEqual(20);
    for (const kind of OP_KINDS) {
      expect([kind, typeof OPS[kind].shape]).toEqual([kind, 'function']);
      expect([kind, typeof REFERENCE[kind].float, typeof REFERENCE[kind].int8]).toEqual([kind, 'function', 'function']);
      const calls = CALLS[kind] as OpCalls<OpKind>;
      for (const c of [calls.float, calls.int8]) expect([kind, c === NO_CODE || typeof c === 'function']).toEqual([kind, true]);
      // One name per op: the same file name in every layer.
      for (const dir of ['src/ir/ops', 'src/reference/float', 'src/reference/int8', 'src/codegen/calls']) {
        expect([kind, dir, fs.existsSync(path.join(REPO, dir, `${kind}.ts`))]).toEqual([kind, dir, true]);
      }
      for (const k of [...OPS[kind].kernels.float, ...OPS[kind].kernels.int8]) {
        expect([kind, k, k.startsWith(`${kind}_`)]).toEqual([kind, k, true]);
        for (const ext of ['c', 'h']) expect([k, ext, fs.existsSync(path.join(REPO, 'firmware', 'kernels', `${k}.${ext}`))]).toEqual([k, ext, true]);
      }
    }
  });

  it('only aliases emit no code', () => {
    for (const kind of OP_KINDS) {
      const calls = CALLS[kind] as OpCalls<OpKind>;
      const none = calls.float === NO_CODE || calls.int8 === NO_CODE;
      expect([kind, none]).toEqual([kind, !!OPS[kind].memory.alias]);
    }
  });
});

describe('an op kind without its parts does not compile', () => {
  it('tsc reports the op table, the reference registry and the call registry', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tinyfit-optable-'));
    try {
      const ops = path.join(REPO, 'src', 'ir', 'ops', 'index');
      fs.writeFileSync(
        path.join(dir, 'newKind.ts'),
        `import '${ops}';\ndeclare module '${ops}' {\n  interface OpAttrsByKind {\n    new_kind: { size: number };\n  }\n}\n`,
      );
      fs.writeFileSync(
        path.join(dir, 'tsconfig.json'),
        JSON.stringify({ extends: path.join(REPO, 'tsconfig.json'), compilerOptions: { noEmit: true, rootDir: '/' }, include: [path.join(REPO, 'src', '**', '*.ts'), path.join(dir, 'newKind.ts')] }),
      );
      const tsc = require.resolve('typescript/bin/tsc', { paths: [REPO] });
      const r = spawnSync(process.execPath, [tsc, '-p', dir], { encoding: 'utf8' });
      const out = r.stdout + r.stderr;
      expect(r.status).not.toBe(0);
      for (const file of ['src/ir/ops/index.ts', 'src/reference/registry.ts', 'src/codegen/calls/index.ts']) {
        expect(out).toMatch(new RegExp(`${file.replace(/[./]/g, '\\$&')}\\(\\d+,\\d+\\): error TS\\d+: Property 'new_kind' is missing`));
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});

describe('an op without a C call at generation time', () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'tinyfit-nocall-'));
  afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

  function denseGraph(): Graph {
    const g = emptyGraph('nocall');
    const x = addTensor(g, 'x', [4]);
    const w = addTensor(g, 'w', [2, 4], 'float32', new Float32Array(8).fill(0.5));
    g.inputs.push(x.id);
    g.outputs.push(addOp(g, 'dense', 'fc', [x, w], { clamp: NO_CLAMP }).id);
    return g;
  }

  /** Runs generate() with the dense op's call builders replaced, and returns what it threw. */
  function generateWith(calls: OpCalls<'dense'>): unknown {
    const table = CALLS as unknown as Record<string, OpCalls<OpKind>>;
    const saved = table.dense;
    table.dense = calls as unknown as OpCalls<OpKind>;
    try {
      generate(denseGraph(), { target: 'host', outDir: path.join(root, 'out') });
      return undefined;
    } catch (e) {
      return e;
    } finally {
      table.dense = saved;
    }
  }

  it('a builder that returns no call is an internal error, not a model without that op', () => {
    const e = generateWith({ float: () => undefined as never, int8: NO_CODE });
    expect(e).toBeInstanceOf(Error);
    expect(e).not.toBeInstanceOf(TinyfitError);
    expect((e as Error).message).toBe("internal: op 'fc' (dense) produced no C call");
    expect(fs.existsSync(path.join(root, 'out'))).toBe(false);
  });

  it('"no code" for an op that is not an alias is an internal error', () => {
    const e = generateWith({ float: NO_CODE, int8: NO_CODE });
    expect(e).not.toBeInstanceOf(TinyfitError);
    expect((e as Error).message).toBe("internal: op 'fc' (dense) emits no code but is not an alias of its input");
  });

  it('a call to a kernel the op table does not list is an internal error', () => {
    const e = generateWith({ float: (op, c) => c.call('conv2d_f32', []), int8: NO_CODE });
    expect((e as Error).message).toBe("internal: op 'fc' (dense) calls kernel conv2d_f32, which its op table entry does not list");
  });

  it('an op kind the tables do not know is an internal error', () => {
    const g = denseGraph();
    (g.ops[0] as { kind: string }).kind = 'not_a_kind';
    let err: unknown;
    try {
      generate(g, { target: 'host', outDir: path.join(root, 'out2') });
    } catch (e) {
      err = e;
    }
    expect(err).not.toBeInstanceOf(TinyfitError);
    expect((err as Error).message).toMatch(/^internal: op kind 'not_a_kind' is not in the op table/);
  });

  it('the CLI reports an internal error with exit code 2', async () => {
    const { runCommand } = await import('../../../src/cli/errors');
    const write = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
    const before = process.exitCode;
    try {
      await runCommand(false, () => {
        throw generateWith({ float: () => undefined as never, int8: NO_CODE });
      });
      expect(process.exitCode).toBe(2);
      expect(write.mock.calls.map((c) => String(c[0])).join('')).toContain("tinyfit: internal error: internal: op 'fc' (dense) produced no C call");
    } finally {
      process.exitCode = before;
      write.mockRestore();
    }
  });
});
