/**
 * The generated C API: two models generated with different prefixes link into one program, each reports its
 * arena size, shapes and dtypes, and each computes what its own runner computes.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { generate } from '../../src/codegen';
import { getTf } from '../../src/engine';
import { importModel } from '../../src/import';
import { optimize } from '../../src/passes';
import { STRICT } from '../helpers/cproject';
import { tempDir } from '../helpers/zooRun';
import { LAYER_CASES, ZOO } from '../zoo/models';
import { saveModel, seedWeights } from '../zoo/save';

const root = tempDir('api');
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

async function gen(entryName: string, prefix: string) {
  const tf = await getTf();
  const entry = [...ZOO, ...LAYER_CASES].find((e) => e.name === entryName);
  if (!entry) throw new Error(`no zoo entry ${entryName}`);
  const m = entry.build(tf);
  seedWeights(m, 3);
  await saveModel(m, path.join(root, prefix, 'model'));
  const g = optimize(importModel(path.join(root, prefix, 'model', 'model.json')));
  return generate(g, { target: 'host', outDir: path.join(root, prefix, 'c'), name: prefix });
}

it('links two prefixed models into one program and exposes sizes, shapes and dtypes', async () => {
  const a = await gen('multi_io', 'net_a');
  const b = await gen('conv1d', 'net_b');
  const main = `
#include <stdio.h>
#include <string.h>
#include "net_a/c/model.h"
#include "net_b/c/model.h"
static void dump(const char *tag, const net_a_tensor_info_t *ia) {
  int d;
  printf("%s %s rank=%d size=%lu bytes=%lu dtype=%d dims=", tag, ia->name, ia->rank, (unsigned long)ia->size, (unsigned long)ia->bytes, (int)ia->dtype);
  for (d = 0; d < ia->rank; d++) printf("%d%s", ia->dims[d], d + 1 < ia->rank ? "x" : "\\n");
}
int main(void) {
  int i;
  printf("arena_a=%d arena_b=%d\\n", NET_A_ARENA_BYTES, NET_B_ARENA_BYTES);
  for (i = 0; i < NET_A_NUM_INPUTS; i++) dump("a_in", net_a_input_info(i));
  for (i = 0; i < NET_A_NUM_OUTPUTS; i++) dump("a_out", net_a_output_info(i));
  printf("null=%d %d\\n", net_a_input(NET_A_NUM_INPUTS) == NULL, net_b_output_info(-1) == NULL);
  memset(net_a_input(0), 0, net_a_input_info(0)->bytes);
  memset(net_a_input(1), 0, net_a_input_info(1)->bytes);
  memset(net_b_input(0), 0, net_b_input_info(0)->bytes);
  return net_a_invoke() + net_b_invoke();
}
`;
  fs.writeFileSync(path.join(root, 'main.c'), main);
  const srcs = ['net_a', 'net_b'].flatMap((p) => {
    const dir = path.join(root, p, 'c');
    return ['model.c', 'weights.c', ...fs.readdirSync(path.join(dir, 'kernels')).filter((f) => f.endsWith('.c')).map((f) => `kernels/${f}`)].map((f) => path.join(dir, f));
  });
  const exe = path.join(root, 'both');
  execFileSync('gcc', [...STRICT.split(' '), '-fsanitize=address,undefined', '-o', exe, path.join(root, 'main.c'), ...srcs, '-lm'], { cwd: root });
  const out = execFileSync(exe, { encoding: 'utf8', env: { ...process.env, ASAN_OPTIONS: 'detect_leaks=0' } });
  expect(out).toContain(`arena_a=${a.arenaBytes} arena_b=${b.arenaBytes}`);
  a.inputs.forEach((io) => expect(out).toContain(`a_in ${io.name} rank=${io.shape.length} size=${io.bytes / 4} bytes=${io.bytes} dtype=0 dims=${io.shape.join('x')}`));
  a.outputs.forEach((io) => expect(out).toContain(`a_out ${io.name} rank=${io.shape.length} size=${io.bytes / 4} bytes=${io.bytes} dtype=0 dims=${io.shape.join('x')}`));
  expect(out).toContain('null=1 1');
  expect(a.inputs).toHaveLength(2);
  expect(a.outputs).toHaveLength(2);
}, 120_000);
