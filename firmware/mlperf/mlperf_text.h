/*
 * Text helpers of the MLPerf Tiny mode: the tokenizer and number parsing the protocol's commands need (the
 * reference firmware's strtok/atoi/hex behaviour, without their undefined cases), and printing on the port's
 * serial line (decimal, hex bytes, and floats with three decimals as printf's "%0.3f" prints them).
 */
#ifndef TINYFIT_MLPERF_TEXT_H
#define TINYFIT_MLPERF_TEXT_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/**
 * The next space-delimited token at *cursor, NUL-terminated in place (runs of spaces are one delimiter, as with
 * strtok(s, " ")), or NULL when none is left; *cursor moves past it.
 */
char *tinyfit_mlperf_token(char **cursor);

/** Whether token s is exactly word. */
int tinyfit_mlperf_is(const char *s, const char *word);

/**
 * The integer at the start of s as atoi reads it (leading white space, optional sign, decimal digits up to the
 * first other character; 0 when there are none), clamped to the int32 range instead of overflowing.
 */
int32_t tinyfit_mlperf_atoi(const char *s);

/** The value of hex digit c (0-9, a-f, A-F), or -1. */
int tinyfit_mlperf_hex_digit(char c);

/** Writes a NUL-terminated string to the serial line. */
void tinyfit_mlperf_put(const char *s);

/** Writes v in decimal. */
void tinyfit_mlperf_put_u32(uint32_t v);

/** Writes v in decimal, with a '-' when negative. */
void tinyfit_mlperf_put_i32(int32_t v);

/** Writes a byte as two lower-case hex digits. */
void tinyfit_mlperf_put_hex8(uint8_t v);

/**
 * Writes v as printf("%0.3f", (double)v) does: sign, integer part, '.', three decimals, the exact binary value
 * rounded half to even; "nan" (or "-nan"), "inf", "-inf"; beyond 9e12 in magnitude, 7 significant digits with an exponent
 * ("1.234568e+15", which every float parser reads).
 */
void tinyfit_mlperf_put_fixed3(float v);

#ifdef __cplusplus
}
#endif

#endif /* TINYFIT_MLPERF_TEXT_H */
