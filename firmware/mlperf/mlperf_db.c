/*
 * The `db` commands (mlperf_db.h), answered as the reference firmware (mlcommons/tiny
 * benchmark/api/internally_implemented.cpp) answers them, with its texts, except where it would write past its
 * buffer: `db load N` beyond the buffer (the input's bytes) is an e-[...] error and leaves no load pending (the
 * reference prints a plain line and keeps the oversized count), and hex bytes arriving with no load pending are
 * dropped (the reference stores them past the count).
 */
#include <string.h>
#include "mlperf_config.h"
#include "mlperf_db.h"
#include "mlperf_text.h"

static uint8_t tinyfit_mlperf_buffer[TINYFIT_MLPERF_DB_BYTES];
/* Bytes `db load` announced, and bytes arrived since. */
static size_t tinyfit_mlperf_size;
static size_t tinyfit_mlperf_pos;

const uint8_t *tinyfit_mlperf_db_data(void) {
  return tinyfit_mlperf_buffer;
}

size_t tinyfit_mlperf_db_loaded(void) {
  return tinyfit_mlperf_pos;
}

/* `db load N`. */
static void tinyfit_mlperf_db_load(const char *count) {
  int32_t n;
  if (count == NULL) {
    tinyfit_mlperf_put("e-[Command 'db load' requires the # of bytes]\r\n");
    return;
  }
  n = tinyfit_mlperf_atoi(count);
  if (n == 0) {
    tinyfit_mlperf_size = 0;
    tinyfit_mlperf_put("e-[Command 'db load' must be >0 bytes]\r\n");
    return;
  }
  tinyfit_mlperf_pos = 0;
  if (n < 0 || (uint32_t)n > (uint32_t)TINYFIT_MLPERF_DB_BYTES) {
    tinyfit_mlperf_size = 0;
    tinyfit_mlperf_put("e-[Supplied buffer size ");
    tinyfit_mlperf_put_i32(n);
    tinyfit_mlperf_put(" exceeds maximum of ");
    tinyfit_mlperf_put_u32((uint32_t)TINYFIT_MLPERF_DB_BYTES);
    tinyfit_mlperf_put("]\r\n");
    return;
  }
  tinyfit_mlperf_size = (size_t)n;
  tinyfit_mlperf_put("m-[Expecting ");
  tinyfit_mlperf_put_i32(n);
  tinyfit_mlperf_put(" bytes]\r\n");
}

/* `db print`: the announced bytes, 8 a line; like the reference, one more "\r\n" when the count is not a multiple of 8. */
static void tinyfit_mlperf_db_print(void) {
  size_t i;
  for (i = 0; i < tinyfit_mlperf_size; i++) {
    if (i % 8u == 0u) tinyfit_mlperf_put("m-buffer-");
    tinyfit_mlperf_put_hex8(tinyfit_mlperf_buffer[i]);
    tinyfit_mlperf_put((i + 1u) % 8u == 0u || i + 1u == tinyfit_mlperf_size ? "\r\n" : "-");
  }
  if (i % 8u != 0u) tinyfit_mlperf_put("\r\n");
}

/* `db <hex pairs>`: stores bytes until the announced count, then says m-load-done and ignores the rest. */
static void tinyfit_mlperf_db_hex(const char *hex) {
  size_t n = strlen(hex);
  size_t i;
  if ((n & 1u) != 0u) {
    tinyfit_mlperf_put("e-[Insufficent number of hex digits]\r\n");
    return;
  }
  for (i = 0; i < n; i += 2u) {
    int hi = tinyfit_mlperf_hex_digit(hex[i]);
    int lo = tinyfit_mlperf_hex_digit(hex[i + 1u]);
    if (hi < 0 || lo < 0) {
      char pair[3];
      pair[0] = hex[i];
      pair[1] = hex[i + 1u];
      pair[2] = '\0';
      tinyfit_mlperf_put("e-[Invalid hex digit '");
      tinyfit_mlperf_put(pair);
      tinyfit_mlperf_put("']\r\n");
      return;
    }
    if (tinyfit_mlperf_pos >= tinyfit_mlperf_size) continue; /* no load pending */
    tinyfit_mlperf_buffer[tinyfit_mlperf_pos++] = (uint8_t)(hi * 16 + lo);
    if (tinyfit_mlperf_pos == tinyfit_mlperf_size) {
      tinyfit_mlperf_put("m-load-done\r\n");
      return;
    }
  }
}

void tinyfit_mlperf_db(char *cursor) {
  char *sub = tinyfit_mlperf_token(&cursor);
  if (sub == NULL) {
    tinyfit_mlperf_put("e-[Command 'db' requires a subcommand]\r\n");
  } else if (tinyfit_mlperf_is(sub, "load")) {
    tinyfit_mlperf_db_load(tinyfit_mlperf_token(&cursor));
  } else if (tinyfit_mlperf_is(sub, "print")) {
    tinyfit_mlperf_db_print();
  } else {
    tinyfit_mlperf_db_hex(sub);
  }
}
