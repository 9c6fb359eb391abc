/*
 * Text helpers of the MLPerf Tiny mode (mlperf_text.h): tokens, integers, hex digits, and printing on the port's
 * serial line.
 */
#include <string.h>
#include "../port/port.h"
#include "mlperf_text.h"

char *tinyfit_mlperf_token(char **cursor) {
  char *s = *cursor;
  char *start;
  while (*s == ' ') s++;
  if (*s == '\0') {
    *cursor = s;
    return NULL;
  }
  start = s;
  while (*s != '\0' && *s != ' ') s++;
  if (*s == ' ') *s++ = '\0';
  *cursor = s;
  return start;
}

int tinyfit_mlperf_is(const char *s, const char *word) {
  return strcmp(s, word) == 0;
}

int32_t tinyfit_mlperf_atoi(const char *s) {
  int64_t v = 0;
  int negative = 0;
  while (*s == ' ' || (*s >= '\t' && *s <= '\r')) s++;
  if (*s == '+' || *s == '-') negative = *s++ == '-';
  for (; *s >= '0' && *s <= '9'; s++) {
    if (v <= 2147483648LL) v = v * 10 + (*s - '0');
  }
  if (negative) v = -v;
  if (v > 2147483647LL) return INT32_MAX;
  if (v < -2147483647LL - 1) return INT32_MIN;
  return (int32_t)v;
}

int tinyfit_mlperf_hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

void tinyfit_mlperf_put(const char *s) {
  tinyfit_port_write((const uint8_t *)s, strlen(s));
}

static void tinyfit_mlperf_put_u64(uint64_t v) {
  char b[21];
  int i = 20;
  b[i] = '\0';
  do {
    b[--i] = (char)('0' + (int)(v % 10u));
    v /= 10u;
  } while (v != 0u);
  tinyfit_mlperf_put(&b[i]);
}

void tinyfit_mlperf_put_u32(uint32_t v) {
  tinyfit_mlperf_put_u64(v);
}

void tinyfit_mlperf_put_i32(int32_t v) {
  if (v < 0) tinyfit_mlperf_put("-");
  tinyfit_mlperf_put_u64(v < 0 ? (uint64_t)(-(int64_t)v) : (uint64_t)v);
}

void tinyfit_mlperf_put_hex8(uint8_t v) {
  static const char digits[] = "0123456789abcdef";
  char b[3];
  b[0] = digits[v >> 4];
  b[1] = digits[v & 0xFu];
  b[2] = '\0';
  tinyfit_mlperf_put(b);
}

/* Writes `digits` decimal digits of v (leading zeros kept). */
static void tinyfit_mlperf_put_digits(uint32_t v, int digits) {
  char b[10];
  int i;
  for (i = digits - 1; i >= 0; i--) {
    b[i] = (char)('0' + (int)(v % 10u));
    v /= 10u;
  }
  b[digits] = '\0';
  tinyfit_mlperf_put(b);
}

/* |x| >= 9e12: seven significant digits and an exponent (the decimal scaling is not exact there). */
static void tinyfit_mlperf_put_exponent(double x) {
  int e = 0;
  uint32_t m;
  while (x >= 10.0) {
    x /= 10.0;
    e++;
  }
  m = (uint32_t)(x * 1e6 + 0.5);
  if (m >= 10000000u) {
    m /= 10u;
    e++;
  }
  tinyfit_mlperf_put_digits(m / 1000000u, 1);
  tinyfit_mlperf_put(".");
  tinyfit_mlperf_put_digits(m % 1000000u, 6);
  tinyfit_mlperf_put("e+");
  tinyfit_mlperf_put_digits((uint32_t)e, e >= 100 ? 3 : 2);
}

void tinyfit_mlperf_put_fixed3(float v) {
  uint32_t bits;
  double a;
  double frac;
  uint64_t q;
  memcpy(&bits, &v, sizeof bits);
  if ((bits >> 31) != 0u) tinyfit_mlperf_put("-");
  if (v != v) {
    tinyfit_mlperf_put("nan");
    return;
  }
  a = (double)v;
  if (a < 0.0) a = -a;
  if (a > 3.5e38) {
    tinyfit_mlperf_put("inf");
    return;
  }
  if (a >= 9e12) {
    tinyfit_mlperf_put_exponent(a);
    return;
  }
  /* A float has 24 significant bits and 1000 takes 10: the product is exact in a double, as are q and frac. */
  a *= 1000.0;
  q = (uint64_t)a;
  frac = a - (double)q;
  if (frac > 0.5 || (frac == 0.5 && (q & 1u) != 0u)) q++;
  tinyfit_mlperf_put_u64(q / 1000u);
  tinyfit_mlperf_put(".");
  tinyfit_mlperf_put_digits((uint32_t)(q % 1000u), 3);
}
