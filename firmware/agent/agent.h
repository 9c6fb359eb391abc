/*
 * The device agent: answers the host's commands (docs/agent-protocol.md) on the port's serial line — who the
 * firmware is (INFO, with the model's hash, so the host never validates the wrong firmware), inputs in chunks,
 * timed inferences, outputs, a per-op profile, memory figures, weight updates in RAM, reset — and announces every
 * boot with an event frame, so a reset in the middle of a run shows up as one.
 */
#ifndef TINYFIT_AGENT_H
#define TINYFIT_AGENT_H

#include <stddef.h>
#include <stdint.h>

/** Command codes (a response's kind is the code | 0x80). */
enum {
  TINYFIT_AGENT_INFO = 0x01,
  TINYFIT_AGENT_SET_INPUT = 0x02,
  TINYFIT_AGENT_INVOKE = 0x03,
  TINYFIT_AGENT_GET_OUTPUT = 0x04,
  TINYFIT_AGENT_PROFILE = 0x05,
  TINYFIT_AGENT_MEMORY = 0x06,
  TINYFIT_AGENT_LOAD_WEIGHTS = 0x07,
  TINYFIT_AGENT_RESET = 0x08,
  TINYFIT_AGENT_EVENT_BOOT = 0xFF
};

/** Status codes of responses (the payload of an error is a short text). */
enum {
  TINYFIT_AGENT_OK = 0,
  TINYFIT_AGENT_E_CORRUPT = 1,  /* CRC or length mismatch: resend */
  TINYFIT_AGENT_E_UNKNOWN = 2,  /* unknown command */
  TINYFIT_AGENT_E_ARGS = 3,     /* malformed arguments */
  TINYFIT_AGENT_E_RANGE = 4,    /* index, offset or length out of range */
  TINYFIT_AGENT_E_READONLY = 5, /* weights are in flash */
  TINYFIT_AGENT_E_TOO_LONG = 6, /* frame longer than the agent's buffer */
  TINYFIT_AGENT_E_INVOKE = 7,   /* the model's invoke returned an error */
  TINYFIT_AGENT_E_STALE = 8     /* outputs not computed from the inputs last set (see GET_OUTPUT) */
};

/** One weight array the agent may overwrite (LOAD_WEIGHTS) when it lives in RAM. */
typedef struct {
  void *data;
  uint32_t bytes;
} tinyfit_agent_weight_t;

/** What the generated agent_model.c tells the agent about this firmware. */
typedef struct {
  const char *target;
  const char *model_name;
  const char *build_id;
  uint8_t model_hash[16];
  uint16_t num_ops;
  /** Per op: the lowest and one past the highest arena byte it touches (its inputs, outputs and scratch). */
  const uint32_t *op_arena;
  const tinyfit_agent_weight_t *weights;
  uint16_t num_weights;
  uint8_t weights_writable;
  uint32_t arena_bytes;
  uint32_t stack_reserve;
  /** Bytes of the stack used so far (painted stack), or 0 where it cannot be measured. */
  uint32_t (*stack_used)(void);
  /** Per-op timestamps of a profiled invoke: ticks[0] before the first op, ticks[i + 1] after op i. */
  int (*invoke_profiled)(uint64_t *ticks);
} tinyfit_agent_model_t;

/** This firmware's description (generated: agent_model.c). */
extern const tinyfit_agent_model_t tinyfit_agent_model;

/** Where a profiled invoke stamps its times (num_ops + 1 entries, generated: agent_model.c). */
extern uint64_t tinyfit_agent_model_ticks[];

/**
 * Announces the boot and answers commands until the line ends (a host program's stdin closes); on a board the
 * line never ends, so it never returns. Call after the port's setup.
 */
void tinyfit_agent_run(void);

/** Resets the device after RESET has been answered (the family provides it: a core reset, or leaving the program). */
void tinyfit_agent_reset(void);

#endif /* TINYFIT_AGENT_H */
