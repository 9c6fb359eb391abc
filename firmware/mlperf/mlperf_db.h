/*
 * The `db` commands of the MLPerf Tiny mode: a byte buffer of TINYFIT_MLPERF_DB_BYTES the runner fills with the
 * input in hex lines (`db load N`, then `db <hex pairs>` until N bytes arrived) and can read back (`db print`).
 */
#ifndef TINYFIT_MLPERF_DB_H
#define TINYFIT_MLPERF_DB_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/** Answers `db ...`; `cursor` points after "db" (the rest of the command, tokenized in place). */
void tinyfit_mlperf_db(char *cursor);

/** The buffer's bytes. */
const uint8_t *tinyfit_mlperf_db_data(void);

/** Bytes loaded since the last `db load` (the reference's ee_get_buffer count). */
size_t tinyfit_mlperf_db_loaded(void);

#ifdef __cplusplus
}
#endif

#endif /* TINYFIT_MLPERF_DB_H */
