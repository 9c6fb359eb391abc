/*
 * A host build of the device agent (firmware/agent/agent.c) for tests: the port is stdin/stdout, the "model" adds
 * one to each of its four floats, and its name is TINYFIT_TEST_NAME (long names test INFO's bounds). Built under
 * ASan by tests/device/agent/agentHost.test.ts.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>
#include "agent/agent.h"
#include "model.h"
#include "port/port.h"

static const tinyfit_tensor_info_t tensor = {"x", 1, {4}, 4, 16, TINYFIT_DTYPE_FLOAT32};
const tinyfit_tensor_info_t *tinyfit_input_info(int i) { return i == 0 ? &tensor : NULL; }
const tinyfit_tensor_info_t *tinyfit_output_info(int i) { return i == 0 ? &tensor : NULL; }
static float in[4], out[4];
void *tinyfit_input(int i) { return i == 0 ? in : NULL; }
void *tinyfit_output(int i) { return i == 0 ? out : NULL; }
int tinyfit_invoke(void) {
  int k;
  for (k = 0; k < 4; k++) out[k] = in[k] + 1.0f;
  memset(in, 0, sizeof in); /* as an arena reused by later ops */
  return 0;
}
size_t tinyfit_port_read(uint8_t *b, size_t n) { return fread(b, 1, n, stdin); }
size_t tinyfit_port_write(const uint8_t *b, size_t n) {
  size_t w = fwrite(b, 1, n, stdout);
  fflush(stdout);
  return w;
}
uint64_t tinyfit_port_tick_hz(void) { return CLOCKS_PER_SEC; }
uint64_t tinyfit_port_ticks(void) { return (uint64_t)clock(); }
void tinyfit_agent_reset(void) {}
static uint32_t stack_used(void) { return 1234u; }
uint64_t tinyfit_agent_model_ticks[2];
static int invoke_profiled(uint64_t *t) {
  int r;
  t[0] = tinyfit_port_ticks();
  r = tinyfit_invoke();
  t[1] = tinyfit_port_ticks();
  return r;
}
static const uint32_t op_arena[2] = {0u, 32u};
static float weights[8];
static const tinyfit_agent_weight_t weight_arrays[1] = {{weights, sizeof weights}};
const tinyfit_agent_model_t tinyfit_agent_model = {
  "host-test", TINYFIT_TEST_NAME, "tinyfit test",
  {0x00, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88, 0x99, 0xaa, 0xbb, 0xcc, 0xdd, 0xee, 0xff},
  1u, op_arena, weight_arrays, 1u, 1u, 32u, 4096u, stack_used, invoke_profiled,
};
int main(void) {
  tinyfit_agent_run();
  return 0;
}
