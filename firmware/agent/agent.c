/*
 * The device agent's command loop (agent.h, docs/agent-protocol.md). Everything it needs from the board goes
 * through the port (byte I/O, ticks) and everything about the model through model.h and the generated
 * agent_model.c. One frame buffer; requests are answered one at a time (stop-and-wait: a polled UART cannot
 * take bytes while the device is busy, so the host never sends before the previous answer).
 */
#include <string.h>
#include "agent.h"
#include "agent_config.h"
#include "agent_frame.h"
#include "../model.h"
#include "../port/port.h"

#define TINYFIT_AGENT_BUF (TINYFIT_AGENT_MAX_PAYLOAD + TINYFIT_AGENT_HEADER + TINYFIT_AGENT_TRAILER)

static uint8_t tinyfit_agent_frame[TINYFIT_AGENT_BUF];
static uint8_t tinyfit_agent_out[TINYFIT_AGENT_MAX_PAYLOAD];
/* Inputs live in the arena, which later ops reuse: after one run they are gone. Outputs are served only when
   they come from a run on inputs that SET_INPUT wrote (not from a repeat on overwritten ones). */
static uint8_t tinyfit_agent_inputs_fresh;
/* The last request executed and its answer's length in tinyfit_agent_out: a request sent again because its
   answer was lost (same command and sequence number) is answered again, not executed again — a second INVOKE
   would run on consumed inputs. INFO starts a host session and forgets it. */
static uint8_t tinyfit_agent_last_cmd;
static uint8_t tinyfit_agent_last_seq;
static size_t tinyfit_agent_last_len;
static uint8_t tinyfit_agent_last_ok;
static uint8_t tinyfit_agent_outputs_valid;

static size_t tinyfit_agent_put16(uint8_t *p, uint32_t v) {
  p[0] = (uint8_t)(v & 0xFFu);
  p[1] = (uint8_t)((v >> 8) & 0xFFu);
  return 2;
}

static size_t tinyfit_agent_put32(uint8_t *p, uint32_t v) {
  tinyfit_agent_put16(p, v & 0xFFFFu);
  tinyfit_agent_put16(p + 2, v >> 16);
  return 4;
}

static size_t tinyfit_agent_put64(uint8_t *p, uint64_t v) {
  tinyfit_agent_put32(p, (uint32_t)(v & 0xFFFFFFFFu));
  tinyfit_agent_put32(p + 4, (uint32_t)(v >> 32));
  return 8;
}

static uint32_t tinyfit_agent_get16(const uint8_t *p) {
  return (uint32_t)p[0] | ((uint32_t)p[1] << 8);
}

static uint32_t tinyfit_agent_get32(const uint8_t *p) {
  return tinyfit_agent_get16(p) | (tinyfit_agent_get16(p + 2) << 16);
}

/* A length-prefixed string, cut to max bytes (and to 255). */
static size_t tinyfit_agent_put_str(uint8_t *p, const char *s, size_t max) {
  size_t n = strlen(s);
  if (n > max) n = max;
  if (n > 255u) n = 255u;
  p[0] = (uint8_t)n;
  memcpy(p + 1, s, n);
  return n + 1u;
}

static void tinyfit_agent_reply(uint8_t cmd, uint8_t seq, uint8_t status, const uint8_t *payload, size_t len) {
  tinyfit_agent_send(tinyfit_port_write, (uint8_t)(cmd | 0x80u), seq, status, payload, len);
}

static void tinyfit_agent_error(uint8_t cmd, uint8_t seq, uint8_t status, const char *text) {
  tinyfit_agent_reply(cmd, seq, status, (const uint8_t *)text, strlen(text));
}

/* INFO's fixed part (42 bytes, three string lengths) and its tensor table must fit a payload: the strings share the
   rest, each cut to a third of it (a model name of any length never writes past tinyfit_agent_out). */
#define TINYFIT_AGENT_INFO_FIXED (45u + 5u * (TINYFIT_NUM_INPUTS + TINYFIT_NUM_OUTPUTS))
typedef char tinyfit_agent_info_fits[TINYFIT_AGENT_INFO_FIXED <= TINYFIT_AGENT_MAX_PAYLOAD ? 1 : -1];

/* INFO, also the boot event's payload: identity, sizes and the I/O tensors. */
static size_t tinyfit_agent_info(uint8_t *p) {
  const tinyfit_agent_model_t *m = &tinyfit_agent_model;
  const size_t str_max = (TINYFIT_AGENT_MAX_PAYLOAD - TINYFIT_AGENT_INFO_FIXED) / 3u;
  size_t n = 0;
  int i;
  p[n++] = TINYFIT_AGENT_VERSION;
  p[n++] = m->weights_writable ? 1u : 0u;
  n += tinyfit_agent_put16(p + n, TINYFIT_AGENT_MAX_PAYLOAD);
  n += tinyfit_agent_put32(p + n, m->arena_bytes);
  n += tinyfit_agent_put32(p + n, m->stack_reserve);
  n += tinyfit_agent_put64(p + n, tinyfit_port_tick_hz());
  p[n++] = (uint8_t)TINYFIT_NUM_INPUTS;
  p[n++] = (uint8_t)TINYFIT_NUM_OUTPUTS;
  n += tinyfit_agent_put16(p + n, m->num_ops);
  n += tinyfit_agent_put16(p + n, m->num_weights);
  memcpy(p + n, m->model_hash, 16);
  n += 16;
  n += tinyfit_agent_put_str(p + n, m->target, str_max);
  n += tinyfit_agent_put_str(p + n, m->model_name, str_max);
  n += tinyfit_agent_put_str(p + n, m->build_id, str_max);
  for (i = 0; i < TINYFIT_NUM_INPUTS; i++) {
    p[n++] = (uint8_t)tinyfit_input_info(i)->dtype;
    n += tinyfit_agent_put32(p + n, (uint32_t)tinyfit_input_info(i)->bytes);
  }
  for (i = 0; i < TINYFIT_NUM_OUTPUTS; i++) {
    p[n++] = (uint8_t)tinyfit_output_info(i)->dtype;
    n += tinyfit_agent_put32(p + n, (uint32_t)tinyfit_output_info(i)->bytes);
  }
  return n;
}

/* SET_INPUT [u8 index][u32 offset][bytes] and GET_OUTPUT [u8 index][u32 offset][u16 length]. */
static void tinyfit_agent_io(uint8_t cmd, uint8_t seq, const uint8_t *a, size_t len) {
  int index;
  uint32_t offset;
  const tinyfit_tensor_info_t *info;
  if (len < 5u || (cmd == TINYFIT_AGENT_GET_OUTPUT && len != 7u)) {
    tinyfit_agent_error(cmd, seq, TINYFIT_AGENT_E_ARGS, "expected index, offset (and length)");
    return;
  }
  index = a[0];
  offset = tinyfit_agent_get32(a + 1);
  info = cmd == TINYFIT_AGENT_SET_INPUT ? tinyfit_input_info(index) : tinyfit_output_info(index);
  if (info == NULL) {
    tinyfit_agent_error(cmd, seq, TINYFIT_AGENT_E_RANGE, "no tensor with that index");
    return;
  }
  if (cmd == TINYFIT_AGENT_SET_INPUT) {
    size_t n = len - 5u;
    if (offset > info->bytes || n > info->bytes - offset) {
      tinyfit_agent_error(cmd, seq, TINYFIT_AGENT_E_RANGE, "past the end of the input");
      return;
    }
    memcpy((uint8_t *)tinyfit_input(index) + offset, a + 5, n);
    tinyfit_agent_inputs_fresh = 1u;
    tinyfit_agent_reply(cmd, seq, TINYFIT_AGENT_OK, NULL, 0);
  } else {
    size_t n = tinyfit_agent_get16(a + 5);
    if (!tinyfit_agent_outputs_valid) {
      tinyfit_agent_error(cmd, seq, TINYFIT_AGENT_E_STALE, "outputs are not from the inputs set: SET_INPUT, then INVOKE one run");
      return;
    }
    if (offset > info->bytes || n > info->bytes - offset || n > TINYFIT_AGENT_MAX_PAYLOAD) {
      tinyfit_agent_error(cmd, seq, TINYFIT_AGENT_E_RANGE, "past the end of the output or the frame");
      return;
    }
    tinyfit_agent_reply(cmd, seq, TINYFIT_AGENT_OK, (const uint8_t *)tinyfit_output(index) + offset, n);
  }
}

/* INVOKE [u16 runs][u16 warm-ups] -> [u32 runs][u64 total ticks][u64 min][u64 max]. */
static void tinyfit_agent_invoke(uint8_t seq, const uint8_t *a, size_t len) {
  uint32_t runs;
  uint32_t warmups;
  uint32_t i;
  uint64_t total = 0;
  uint64_t lo = ~(uint64_t)0;
  uint64_t hi = 0;
  uint8_t *p = tinyfit_agent_out;
  size_t n = 0;
  if (len != 4u) {
    tinyfit_agent_error(TINYFIT_AGENT_INVOKE, seq, TINYFIT_AGENT_E_ARGS, "expected runs and warm-ups");
    return;
  }
  runs = tinyfit_agent_get16(a);
  warmups = tinyfit_agent_get16(a + 2);
  if (runs == 0u) runs = 1u;
  for (i = 0; i < warmups + runs; i++) {
    uint64_t t0 = tinyfit_port_ticks();
    uint64_t dt;
    int rc = tinyfit_invoke();
    dt = tinyfit_port_ticks() - t0;
    tinyfit_agent_outputs_valid = (uint8_t)(rc == 0 && tinyfit_agent_inputs_fresh);
    tinyfit_agent_inputs_fresh = 0u;
    if (rc != 0) {
      tinyfit_agent_error(TINYFIT_AGENT_INVOKE, seq, TINYFIT_AGENT_E_INVOKE, "invoke failed");
      return;
    }
    if (i < warmups) continue;
    total += dt;
    if (dt < lo) lo = dt;
    if (dt > hi) hi = dt;
  }
  n += tinyfit_agent_put32(p + n, runs);
  n += tinyfit_agent_put64(p + n, total);
  n += tinyfit_agent_put64(p + n, lo);
  n += tinyfit_agent_put64(p + n, hi);
  tinyfit_agent_last_len = n;
  tinyfit_agent_last_ok = 1u;
  tinyfit_agent_reply(TINYFIT_AGENT_INVOKE, seq, TINYFIT_AGENT_OK, p, n);
}

/* PROFILE [u8 rerun][u16 first][u16 count] -> [u64 total][u16 ops][u16 first][u16 count] + count x (u64 ticks, u32 lo, u32 hi). */
static void tinyfit_agent_profile(uint8_t seq, const uint8_t *a, size_t len) {
  const tinyfit_agent_model_t *m = &tinyfit_agent_model;
  uint32_t first;
  uint32_t count;
  uint32_t i;
  uint32_t fit = (TINYFIT_AGENT_MAX_PAYLOAD - 14u) / 16u;
  uint8_t *p = tinyfit_agent_out;
  size_t n = 0;
  if (len != 5u) {
    tinyfit_agent_error(TINYFIT_AGENT_PROFILE, seq, TINYFIT_AGENT_E_ARGS, "expected rerun, first op and count");
    return;
  }
  first = tinyfit_agent_get16(a + 1);
  count = tinyfit_agent_get16(a + 3);
  if (first > m->num_ops) {
    tinyfit_agent_error(TINYFIT_AGENT_PROFILE, seq, TINYFIT_AGENT_E_RANGE, "no op with that index");
    return;
  }
  if (count > m->num_ops - first) count = m->num_ops - first;
  if (count > fit) count = fit;
  if (a[0] != 0u) {
    int rc = m->invoke_profiled(tinyfit_agent_model_ticks);
    tinyfit_agent_outputs_valid = (uint8_t)(rc == 0 && tinyfit_agent_inputs_fresh);
    tinyfit_agent_inputs_fresh = 0u;
    if (rc != 0) {
      tinyfit_agent_error(TINYFIT_AGENT_PROFILE, seq, TINYFIT_AGENT_E_INVOKE, "invoke failed");
      return;
    }
  }
  n += tinyfit_agent_put64(p + n, tinyfit_agent_model_ticks[m->num_ops] - tinyfit_agent_model_ticks[0]);
  n += tinyfit_agent_put16(p + n, m->num_ops);
  n += tinyfit_agent_put16(p + n, first);
  n += tinyfit_agent_put16(p + n, count);
  for (i = first; i < first + count; i++) {
    n += tinyfit_agent_put64(p + n, tinyfit_agent_model_ticks[i + 1u] - tinyfit_agent_model_ticks[i]);
    n += tinyfit_agent_put32(p + n, m->op_arena[2u * i]);
    n += tinyfit_agent_put32(p + n, m->op_arena[2u * i + 1u]);
  }
  tinyfit_agent_last_len = n;
  tinyfit_agent_last_ok = 1u;
  tinyfit_agent_reply(TINYFIT_AGENT_PROFILE, seq, TINYFIT_AGENT_OK, p, n);
}

/* MEMORY -> [u32 arena][u32 stack used][u32 stack reserve][u32 heap used]. */
static void tinyfit_agent_memory(uint8_t seq) {
  const tinyfit_agent_model_t *m = &tinyfit_agent_model;
  uint8_t *p = tinyfit_agent_out;
  size_t n = 0;
  n += tinyfit_agent_put32(p + n, m->arena_bytes);
  n += tinyfit_agent_put32(p + n, m->stack_used ? m->stack_used() : 0u);
  n += tinyfit_agent_put32(p + n, m->stack_reserve);
  n += tinyfit_agent_put32(p + n, 0u); /* no heap: nothing is allocated at run time */
  tinyfit_agent_reply(TINYFIT_AGENT_MEMORY, seq, TINYFIT_AGENT_OK, p, n);
}

/* LOAD_WEIGHTS [u16 array][u32 offset][bytes] -> [u32 CRC-32 of the whole array after the write]. */
static void tinyfit_agent_load_weights(uint8_t seq, const uint8_t *a, size_t len) {
  const tinyfit_agent_model_t *m = &tinyfit_agent_model;
  uint32_t index;
  uint32_t offset;
  size_t n;
  uint8_t crc[4];
  if (len < 6u) {
    tinyfit_agent_error(TINYFIT_AGENT_LOAD_WEIGHTS, seq, TINYFIT_AGENT_E_ARGS, "expected array, offset and bytes");
    return;
  }
  index = tinyfit_agent_get16(a);
  offset = tinyfit_agent_get32(a + 2);
  n = len - 6u;
  if (index >= m->num_weights) {
    tinyfit_agent_error(TINYFIT_AGENT_LOAD_WEIGHTS, seq, TINYFIT_AGENT_E_RANGE, "no weight array with that index");
    return;
  }
  if (offset > m->weights[index].bytes || n > m->weights[index].bytes - offset) {
    tinyfit_agent_error(TINYFIT_AGENT_LOAD_WEIGHTS, seq, TINYFIT_AGENT_E_RANGE, "past the end of the weight array");
    return;
  }
  if (n > 0u) {
    if (!m->weights_writable) {
      tinyfit_agent_error(TINYFIT_AGENT_LOAD_WEIGHTS, seq, TINYFIT_AGENT_E_READONLY, "weights are in flash: generate with --weights-in-ram");
      return;
    }
    memcpy((uint8_t *)m->weights[index].data + offset, a + 6, n);
    tinyfit_agent_outputs_valid = 0u; /* computed with the old weights */
  }
  tinyfit_agent_put32(crc, tinyfit_agent_crc32(0u, (const uint8_t *)m->weights[index].data, m->weights[index].bytes));
  tinyfit_agent_reply(TINYFIT_AGENT_LOAD_WEIGHTS, seq, TINYFIT_AGENT_OK, crc, sizeof crc);
}

static void tinyfit_agent_dispatch(const uint8_t *f, size_t payload) {
  uint8_t cmd = f[1];
  uint8_t seq = f[2];
  const uint8_t *a = f + TINYFIT_AGENT_HEADER;
  if ((cmd == TINYFIT_AGENT_INVOKE || cmd == TINYFIT_AGENT_PROFILE) && tinyfit_agent_last_ok && cmd == tinyfit_agent_last_cmd && seq == tinyfit_agent_last_seq) {
    tinyfit_agent_reply(cmd, seq, TINYFIT_AGENT_OK, tinyfit_agent_out, tinyfit_agent_last_len);
    return;
  }
  tinyfit_agent_last_cmd = cmd;
  tinyfit_agent_last_seq = seq;
  tinyfit_agent_last_ok = 0u;
  switch (cmd) {
    case TINYFIT_AGENT_INFO:
      tinyfit_agent_last_cmd = 0u; /* a new host session: nothing to answer again */
      tinyfit_agent_reply(cmd, seq, TINYFIT_AGENT_OK, tinyfit_agent_out, tinyfit_agent_info(tinyfit_agent_out));
      break;
    case TINYFIT_AGENT_SET_INPUT:
    case TINYFIT_AGENT_GET_OUTPUT:
      tinyfit_agent_io(cmd, seq, a, payload);
      break;
    case TINYFIT_AGENT_INVOKE:
      tinyfit_agent_invoke(seq, a, payload);
      break;
    case TINYFIT_AGENT_PROFILE:
      tinyfit_agent_profile(seq, a, payload);
      break;
    case TINYFIT_AGENT_MEMORY:
      tinyfit_agent_memory(seq);
      break;
    case TINYFIT_AGENT_LOAD_WEIGHTS:
      tinyfit_agent_load_weights(seq, a, payload);
      break;
    case TINYFIT_AGENT_RESET:
      tinyfit_agent_reply(cmd, seq, TINYFIT_AGENT_OK, NULL, 0);
      tinyfit_agent_reset();
      break;
    default:
      tinyfit_agent_error(cmd, seq, TINYFIT_AGENT_E_UNKNOWN, "unknown command");
      break;
  }
}

void tinyfit_agent_run(void) {
  tinyfit_agent_rx_t rx;
  tinyfit_agent_rx_init(&rx, tinyfit_agent_frame, sizeof tinyfit_agent_frame);
  tinyfit_agent_send(tinyfit_port_write, TINYFIT_AGENT_EVENT_BOOT, 0u, TINYFIT_AGENT_OK, tinyfit_agent_out, tinyfit_agent_info(tinyfit_agent_out));
  for (;;) {
    uint8_t b;
    int r;
    if (tinyfit_port_read(&b, 1) != 1u) return; /* the line ended */
    r = tinyfit_agent_rx_byte(&rx, b);
    if (r == TINYFIT_AGENT_RX_FRAME) {
      long payload = tinyfit_agent_frame_check(rx.buf, rx.len);
      /* A corrupt frame is answered when its command and sequence bytes survived; else the host's timeout resends. */
      if (payload < 0) {
        if (rx.len >= 3u) tinyfit_agent_error(rx.buf[1] & 0x7Fu, rx.buf[2], TINYFIT_AGENT_E_CORRUPT, "corrupt frame: resend");
      } else {
        tinyfit_agent_dispatch(rx.buf, (size_t)payload);
      }
    } else if (r == TINYFIT_AGENT_RX_TOO_LONG) {
      tinyfit_agent_error(0u, 0u, TINYFIT_AGENT_E_TOO_LONG, "frame longer than the agent's buffer");
    }
  }
}
