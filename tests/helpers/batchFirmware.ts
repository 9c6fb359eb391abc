/**
 * Runs many samples through a generated firmware in one emulator run: the project's main.c is replaced by a loop
 * over samples compiled into flash (int8 inputs), printing every output's bytes in hex, one line per sample — so
 * thousands of samples cost one QEMU start instead of thousands of serial round trips.
 */
import * as fs from 'fs';
import * as path from 'path';
import { spawnSync } from 'child_process';
import { buildFirmware } from './firmware';

/**
 * Builds the project in `outDir` with a batch main and runs it on its virtual board (`make run`).
 * @param outDir a generated Cortex-M project (agent or not) of a model with one int8 input and one int8 output
 * @param inputs one Int8Array per sample (the model's input bytes)
 * @param outputBytes bytes of the model's output
 * @returns each sample's output bytes
 */
export function runBatchFirmware(outDir: string, inputs: Int8Array[], outputBytes: number, timeoutMs = 900_000): Buffer[] {
  const len = inputs[0].length;
  const rows = inputs.map((x) => `{${Array.from(x).join(',')}}`).join(',\n');
  const main = `/* Test harness (tests/helpers/batchFirmware.ts): every sample through the model, outputs in hex. */
#include <stdint.h>
#include <string.h>
#include "model.h"
#include "port/port.h"

static const int8_t batch_x[${inputs.length}][${len}] = {
${rows}
};

static void put(const char *s) {
  model_port_write((const uint8_t *)s, strlen(s));
}

int main(void) {
  static const char hex[] = "0123456789abcdef";
  static char line[2 * ${outputBytes} + 2];
  model_port_setup();
  for (int i = 0; i < ${inputs.length}; i++) {
    memcpy(model_input(0), batch_x[i], ${len});
    if (model_invoke() != 0) {
      put("tinyfit: invoke failed\\n");
      break;
    }
    const uint8_t *o = (const uint8_t *)model_output(0);
    for (int k = 0; k < ${outputBytes}; k++) {
      line[2 * k] = hex[o[k] >> 4];
      line[2 * k + 1] = hex[o[k] & 15];
    }
    line[2 * ${outputBytes}] = '\\n';
    line[2 * ${outputBytes} + 1] = 0;
    put(line);
  }
  put("tinyfit: done\\n");
  __asm__ volatile("movs r0, #0x18\\n\\tldr r1, =0x20026\\n\\tbkpt 0xab" ::: "r0", "r1", "memory");
  for (;;) {
  }
}
`;
  fs.writeFileSync(path.join(outDir, 'main.c'), main);
  buildFirmware(outDir);
  const r = spawnSync('make', ['-s', '-C', outDir, 'run'], { encoding: 'utf8', timeout: timeoutMs, maxBuffer: 1 << 28 });
  const text = r.stdout ?? '';
  if (r.status !== 0 || !text.includes('tinyfit: done')) throw new Error(`batch firmware run failed (status ${r.status}${r.signal ? `, ${r.signal}` : ''}):\n${text.slice(-2000)}\n${r.stderr}`);
  const lines = text.split('\n').filter((l) => /^[0-9a-f]+$/.test(l) && l.length === 2 * outputBytes);
  if (lines.length !== inputs.length) throw new Error(`batch firmware printed ${lines.length} outputs for ${inputs.length} samples`);
  return lines.map((l) => Buffer.from(l, 'hex'));
}
