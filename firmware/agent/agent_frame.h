/*
 * Framing of the device agent's protocol (docs/agent-protocol.md): a frame is a header, a payload and a CRC-32,
 * COBS-encoded and ended by a 0x00 byte, so a receiver finds the next frame after any garbage (a boot message,
 * line noise) by waiting for a 0x00, and a flipped bit fails the CRC.
 *
 *   offset 0  version (1)
 *          1  kind: a command code (request), code | 0x80 (its response), 0xFF (an event: the boot banner)
 *          2  sequence number (a response echoes its request's)
 *          3  status (responses: 0 = ok, else an error code, the payload then a short text)
 *          4  payload length, 16-bit little-endian
 *          6  payload
 *    6 + len  CRC-32 (IEEE 802.3: reflected polynomial 0xEDB88320, initial and final XOR 0xFFFFFFFF) of the bytes
 *             before it, little-endian
 */
#ifndef TINYFIT_AGENT_FRAME_H
#define TINYFIT_AGENT_FRAME_H

#include <stddef.h>
#include <stdint.h>

#define TINYFIT_AGENT_VERSION 1u
#define TINYFIT_AGENT_HEADER 6u
#define TINYFIT_AGENT_TRAILER 4u

/** CRC-32 (IEEE) of n bytes, continuing from crc (start with 0). */
uint32_t tinyfit_agent_crc32(uint32_t crc, const uint8_t *data, size_t n);

/** A receiver: COBS-decodes bytes as they arrive into buf, one frame at a time. */
typedef struct {
  uint8_t *buf;
  size_t cap;
  size_t len;
  uint8_t code;     /* COBS: bytes left in the current block, including its code byte position */
  uint8_t zero_due; /* a zero goes in before the next data byte (the block ended below 0xFF) */
  uint8_t overflow; /* the frame does not fit buf: dropped at its end */
  uint8_t fresh;    /* a frame was returned: the next byte starts a new one */
} tinyfit_agent_rx_t;

/** Results of tinyfit_agent_rx_byte. */
enum {
  TINYFIT_AGENT_RX_MORE = 0,     /* keep feeding */
  TINYFIT_AGENT_RX_FRAME = 1,    /* buf[0..len) holds a decoded frame (not yet checked) */
  TINYFIT_AGENT_RX_TOO_LONG = 2, /* a frame longer than cap ended: dropped */
  TINYFIT_AGENT_RX_EMPTY = 3     /* a lone delimiter (no frame) */
};

/** Starts a receiver on a buffer of cap bytes. */
void tinyfit_agent_rx_init(tinyfit_agent_rx_t *rx, uint8_t *buf, size_t cap);

/** Feeds one received byte. After a FRAME, TOO_LONG or EMPTY result the receiver starts the next frame. */
int tinyfit_agent_rx_byte(tinyfit_agent_rx_t *rx, uint8_t byte);

/**
 * Checks a decoded frame: length fields consistent, version, CRC.
 * @return the payload length, or -1 when the frame is corrupt
 */
long tinyfit_agent_frame_check(const uint8_t *frame, size_t len);

/** Writes bytes to the line (the port's write). */
typedef size_t (*tinyfit_agent_write_fn)(const uint8_t *buf, size_t n);

/**
 * COBS-encodes and writes one frame: header (kind, seq, status, payload length), payload, CRC, then 0x00.
 * Streams in small pieces: needs no buffer the size of the frame.
 */
void tinyfit_agent_send(tinyfit_agent_write_fn write, uint8_t kind, uint8_t seq, uint8_t status, const uint8_t *payload, size_t len);

#endif /* TINYFIT_AGENT_FRAME_H */
