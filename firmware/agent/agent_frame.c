/*
 * Framing of the device agent: CRC-32, a streaming COBS decoder (Cheshire and Baker, "Consistent Overhead Byte
 * Stuffing", 1999: each block starts with a code byte n meaning n-1 data bytes follow, then a zero unless
 * n = 0xFF) and a streaming encoder. See agent_frame.h for the frame layout.
 */
#include "agent_frame.h"

uint32_t tinyfit_agent_crc32(uint32_t crc, const uint8_t *data, size_t n) {
  /* Half-byte table: 64 bytes of table instead of 1 KB, two lookups per byte. */
  static const uint32_t table[16] = {
    0x00000000u, 0x1DB71064u, 0x3B6E20C8u, 0x26D930ACu, 0x76DC4190u, 0x6B6B51F4u, 0x4DB26158u, 0x5005713Cu,
    0xEDB88320u, 0xF00F9344u, 0xD6D6A3E8u, 0xCB61B38Cu, 0x9B64C2B0u, 0x86D3D2D4u, 0xA00AE278u, 0xBDBDF21Cu,
  };
  size_t i;
  crc = ~crc;
  for (i = 0; i < n; i++) {
    crc = (crc >> 4) ^ table[(crc ^ data[i]) & 0x0Fu];
    crc = (crc >> 4) ^ table[(crc ^ ((uint32_t)data[i] >> 4)) & 0x0Fu];
  }
  return ~crc;
}

void tinyfit_agent_rx_init(tinyfit_agent_rx_t *rx, uint8_t *buf, size_t cap) {
  rx->buf = buf;
  rx->cap = cap;
  rx->len = 0;
  rx->code = 0;
  rx->zero_due = 0;
  rx->overflow = 0;
  rx->fresh = 0;
}

static void tinyfit_agent_rx_restart(tinyfit_agent_rx_t *rx) {
  rx->len = 0;
  rx->code = 0;
  rx->zero_due = 0;
  rx->overflow = 0;
  rx->fresh = 0;
}

static void tinyfit_agent_rx_put(tinyfit_agent_rx_t *rx, uint8_t b) {
  if (rx->len < rx->cap) {
    rx->buf[rx->len++] = b;
  } else {
    rx->overflow = 1;
  }
}

int tinyfit_agent_rx_byte(tinyfit_agent_rx_t *rx, uint8_t byte) {
  if (byte == 0u) {
    /* End of frame. A well-formed encoding ends exactly at a block boundary (code == 0). */
    int result;
    if (rx->fresh) {
      /* The delimiter right after a delivered frame (the next frame's leading one): nothing new. */
      tinyfit_agent_rx_restart(rx);
      return TINYFIT_AGENT_RX_EMPTY;
    }
    if (rx->overflow) {
      result = TINYFIT_AGENT_RX_TOO_LONG;
    } else if (rx->len == 0 && rx->code == 0) {
      result = TINYFIT_AGENT_RX_EMPTY;
    } else if (rx->code != 0) {
      result = TINYFIT_AGENT_RX_EMPTY; /* truncated block: not a frame, the CRC check would fail anyway */
      rx->len = 0;
    } else {
      result = TINYFIT_AGENT_RX_FRAME;
    }
    if (result != TINYFIT_AGENT_RX_FRAME) {
      tinyfit_agent_rx_restart(rx);
    } else {
      rx->code = 0;
      rx->zero_due = 0;
      rx->overflow = 0;
      rx->fresh = 1; /* the caller reads buf[0..len) before the next byte starts a new frame */
    }
    return result;
  }
  if (rx->fresh) {
    rx->len = 0;
    rx->fresh = 0;
  }
  if (rx->code == 0) {
    /* A code byte: starts a block. */
    if (rx->zero_due) tinyfit_agent_rx_put(rx, 0u);
    rx->code = byte;
    rx->zero_due = (uint8_t)(byte != 0xFFu);
    rx->code--; /* data bytes left in the block (an empty block's zero comes with the next code byte) */
    return TINYFIT_AGENT_RX_MORE;
  }
  tinyfit_agent_rx_put(rx, byte);
  rx->code--;
  return TINYFIT_AGENT_RX_MORE;
}

long tinyfit_agent_frame_check(const uint8_t *frame, size_t len) {
  size_t payload;
  uint32_t crc;
  uint32_t got;
  if (len < TINYFIT_AGENT_HEADER + TINYFIT_AGENT_TRAILER) return -1;
  payload = (size_t)frame[4] | ((size_t)frame[5] << 8);
  if (payload != len - TINYFIT_AGENT_HEADER - TINYFIT_AGENT_TRAILER) return -1;
  if (frame[0] != TINYFIT_AGENT_VERSION) return -1;
  crc = tinyfit_agent_crc32(0u, frame, len - TINYFIT_AGENT_TRAILER);
  got = (uint32_t)frame[len - 4] | ((uint32_t)frame[len - 3] << 8) | ((uint32_t)frame[len - 2] << 16) | ((uint32_t)frame[len - 1] << 24);
  return crc == got ? (long)payload : -1;
}

/* The streaming encoder: data bytes collect in a block of up to 254 until a zero or the block fills. */
typedef struct {
  tinyfit_agent_write_fn write;
  uint8_t block[255];
  uint8_t n; /* data bytes in block[1..] */
} tinyfit_agent_tx_t;

static void tinyfit_agent_tx_flush(tinyfit_agent_tx_t *tx) {
  tx->block[0] = (uint8_t)(tx->n + 1u);
  tx->write(tx->block, (size_t)tx->n + 1u);
  tx->n = 0;
}

static void tinyfit_agent_tx_bytes(tinyfit_agent_tx_t *tx, const uint8_t *data, size_t len) {
  size_t i;
  for (i = 0; i < len; i++) {
    if (data[i] == 0u) {
      tinyfit_agent_tx_flush(tx); /* code n+1 < 0xFF: the decoder puts the zero back */
    } else {
      tx->block[++tx->n] = data[i];
      if (tx->n == 254u) {
        tinyfit_agent_tx_flush(tx); /* code 0xFF: no zero follows */
      }
    }
  }
}

void tinyfit_agent_send(tinyfit_agent_write_fn write, uint8_t kind, uint8_t seq, uint8_t status, const uint8_t *payload, size_t len) {
  tinyfit_agent_tx_t tx;
  uint8_t header[TINYFIT_AGENT_HEADER];
  uint8_t trailer[TINYFIT_AGENT_TRAILER];
  uint8_t delimiter = 0u;
  uint32_t crc;
  header[0] = TINYFIT_AGENT_VERSION;
  header[1] = kind;
  header[2] = seq;
  header[3] = status;
  header[4] = (uint8_t)(len & 0xFFu);
  header[5] = (uint8_t)((len >> 8) & 0xFFu);
  crc = tinyfit_agent_crc32(0u, header, sizeof header);
  crc = tinyfit_agent_crc32(crc, payload, len);
  trailer[0] = (uint8_t)(crc & 0xFFu);
  trailer[1] = (uint8_t)((crc >> 8) & 0xFFu);
  trailer[2] = (uint8_t)((crc >> 16) & 0xFFu);
  trailer[3] = (uint8_t)((crc >> 24) & 0xFFu);
  tx.write = write;
  tx.n = 0;
  write(&delimiter, 1); /* ends whatever the receiver holds: the frame starts clean */
  tinyfit_agent_tx_bytes(&tx, header, sizeof header);
  tinyfit_agent_tx_bytes(&tx, payload, len);
  tinyfit_agent_tx_bytes(&tx, trailer, sizeof trailer);
  tinyfit_agent_tx_flush(&tx);
  write(&delimiter, 1);
}
