/*
 * The MLPerf Tiny / EEMBC device-under-test command loop (mlperf.h): boot lines, command assembly from the
 * serial line and dispatch, with the replies of the reference firmware (mlcommons/tiny benchmark/api):
 * performance mode only (energy mode times with a GPIO line, which the port contract does not have).
 *
 * Where the reference's behaviour is undefined or silently loses data, this loop chooses (the runner never
 * meets these cases): an empty command (a lone '%', which flushes a partial command) answers only "m-ready";
 * a command longer than 80 characters is refused with an e-[...] line instead of being cut; CR and LF are
 * ignored, so a terminal's Enter does not become part of a command.
 */
#include "../port/port.h"
#include "mlperf.h"
#include "mlperf_db.h"
#include "mlperf_infer.h"
#include "mlperf_text.h"

/** The reference firmware's version string (its EE_FW_VERSION), which `profile` and `help` print. */
#define TINYFIT_MLPERF_FW_VERSION "ULPMark for tinyML Firmware V0.0.1"

/* `help`: the reference's text, typos included. */
static void tinyfit_mlperf_help(void) {
  tinyfit_mlperf_put(TINYFIT_MLPERF_FW_VERSION "\r\n\r\n");
  tinyfit_mlperf_put("help         : Print this information\r\n");
  tinyfit_mlperf_put("name         : Print the name of the device\r\n");
  tinyfit_mlperf_put("timestsamp   : Generate a timetsamp\r\n");
  tinyfit_mlperf_put("db SUBCMD    : Manipulate a generic byte buffer\r\n");
  tinyfit_mlperf_put("  load N     : Allocate N bytes and set load counter\r\n");
  tinyfit_mlperf_put("  db HH[HH]* : Load 8-bit hex byte(s) until N bytes\r\n");
  tinyfit_mlperf_put("  print [N=16] [offset=0]\r\n");
  tinyfit_mlperf_put("             : Print N bytes at offset as hex\r\n");
  tinyfit_mlperf_put("infer N [W=0]: Load input, execute N inferences after W warmup loops\r\n");
  tinyfit_mlperf_put("results      : Return the result fp32 vector\r\n");
}

void tinyfit_mlperf_command(char *command) {
  char *cursor = command;
  char *word = tinyfit_mlperf_token(&cursor);
  if (word == NULL) {
    /* empty: nothing to answer but m-ready */
  } else if (tinyfit_mlperf_is(word, "name")) {
    tinyfit_mlperf_put("m-name-dut-[" TINYFIT_MLPERF_NAME "]\r\n");
  } else if (tinyfit_mlperf_is(word, "timestamp")) {
    tinyfit_mlperf_put_lap(tinyfit_port_ticks());
  } else if (tinyfit_mlperf_is(word, "profile")) {
    tinyfit_mlperf_put("m-profile-[" TINYFIT_MLPERF_FW_VERSION "]\r\nm-model-[" TINYFIT_MLPERF_MODEL "]\r\n");
  } else if (tinyfit_mlperf_is(word, "help")) {
    tinyfit_mlperf_help();
  } else if (tinyfit_mlperf_is(word, "db")) {
    tinyfit_mlperf_db(cursor);
  } else if (tinyfit_mlperf_is(word, "infer")) {
    tinyfit_mlperf_infer(cursor);
  } else if (tinyfit_mlperf_is(word, "results")) {
    tinyfit_mlperf_results();
  } else {
    tinyfit_mlperf_put("e-[Unknown command: ");
    tinyfit_mlperf_put(word);
    tinyfit_mlperf_put("]\r\n");
  }
  tinyfit_mlperf_put("m-ready\r\n");
}

void tinyfit_mlperf_run(void) {
  char command[TINYFIT_MLPERF_COMMAND_CHARS + 1u];
  size_t length = 0;
  uint8_t c;
  tinyfit_mlperf_put("m-timestamp-mode-performance\r\n");
  tinyfit_mlperf_put_lap(tinyfit_port_ticks());
  tinyfit_mlperf_put("m-init-done\r\nm-ready\r\n");
  int too_long = 0;
  while (tinyfit_port_read(&c, 1) == 1u) {
    if (c == (uint8_t)'%') {
      command[length] = '\0';
      if (too_long) {
        tinyfit_mlperf_put("e-[Command longer than 80 characters]\r\nm-ready\r\n");
      } else {
        tinyfit_mlperf_command(command);
      }
      length = 0;
      too_long = 0;
    } else if (c == (uint8_t)'\r' || c == (uint8_t)'\n') {
      /* line ends from a terminal: not part of a command */
    } else if (length < TINYFIT_MLPERF_COMMAND_CHARS) {
      command[length++] = (char)c;
    } else {
      too_long = 1;
    }
  }
}
