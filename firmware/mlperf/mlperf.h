/*
 * MLPerf Tiny device-under-test mode (`tinyfit generate --protocol mlperf`): the firmware speaks the EEMBC /
 * MLPerf Tiny text protocol on the port's serial line, as the mlcommons/tiny benchmark runner
 * (benchmark/runner/device_under_test.py) drives it. Commands end with '%'; every reply ends with "m-ready\r\n".
 *
 *   name%            m-name-dut-[<name>]
 *   profile%         m-profile-[ULPMark for tinyML Firmware V0.0.1], m-model-[kws01|vww01|ic01|ad01]
 *   timestamp%       m-lap-us-<microseconds, unsigned 32-bit>
 *   help%            the reference firmware's help text
 *   db load N%       m-[Expecting N bytes]
 *   db <hex pairs>%  appends bytes; m-load-done once N bytes arrived
 *   db print%        m-buffer-xx-xx-... (8 bytes a line)
 *   infer N W%       W warm-up and N timed inferences (no N: 1; no W: 10), then the results
 *   results%         m-results-[v0,v1,...]: int8 outputs as signed decimals, float outputs as "%0.3f"
 *
 * Errors are one line "e-[<what>]" before the m-ready.
 *
 * Portable C99: it knows the board only through port.h (read, write, ticks) and the model through model.h.
 * The files of this folder are copied into the project's mlperf/ with the tinyfit_ prefix rewritten; the
 * project's mlperf/mlperf_config.h (generated) says which benchmark the model serves.
 */
#ifndef TINYFIT_MLPERF_H
#define TINYFIT_MLPERF_H

#include "mlperf_config.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Longest command, in characters (the reference's EE_CMD_SIZE); a longer one is answered with an e-[...] line. */
#define TINYFIT_MLPERF_COMMAND_CHARS 80u

/**
 * Prints the boot lines (m-timestamp-mode-performance, m-lap-us-N, m-init-done, m-ready), then reads and
 * answers commands until the serial line ends (never on a board; end of stdin on the host).
 * Call after tinyfit_port_setup().
 */
void tinyfit_mlperf_run(void);

/**
 * Answers one command (its text without the '%', NUL-terminated, at most TINYFIT_MLPERF_COMMAND_CHARS
 * characters; tokenized in place), ending the reply with "m-ready\r\n".
 */
void tinyfit_mlperf_command(char *command);

#ifdef __cplusplus
}
#endif

#endif /* TINYFIT_MLPERF_H */
