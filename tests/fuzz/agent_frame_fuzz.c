/*
 * Fuzz harness of the device agent's framing (firmware/agent/agent_frame.c): the streaming COBS decoder
 * (tinyfit_agent_rx_byte), the frame check (tinyfit_agent_frame_check), the streaming encoder (tinyfit_agent_send)
 * and the CRC-32. Built by tests/fuzz/agentFrameFuzz.test.ts with -fsanitize=address,undefined; the receiver's
 * buffer is malloc'd to exactly its capacity, so one byte written past it stops the run.
 *
 *   agent_frame_fuzz fuzz SEED TARGET  feeds frames until TARGET corrupt ones (mutated frames, structured
 *                                      corruptions, random bytes, over-long runs) have gone through, each followed
 *                                      by a clean frame that must be delivered; valid frames in between must round
 *                                      trip exactly. Prints one JSON line of counts; exit 1 on any failure.
 *   agent_frame_fuzz encode            stdin lines "kind seq status payload-hex|-" -> the encoder's line bytes, hex
 *   agent_frame_fuzz decode CAP        stdin lines of hex byte streams, each into a fresh receiver of CAP bytes ->
 *                                      per line the accepted frames (header..CRC) in hex, "L" per TOO_LONG, or "."
 *
 * A false accept is a frame that passes the check but is not byte-identical to a frame that was sent (and not yet
 * delivered): with CRC-32 about 2^-32 per corrupt frame, so expect 0 in a million.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "agent_frame.h"

/* ---- deterministic random numbers (splitmix64) ---- */
static uint64_t rng_state;
static uint64_t rnd64(void) {
  uint64_t z = (rng_state += 0x9E3779B97F4A7C15ull);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}
static size_t rnd(size_t n) { return n ? (size_t)(rnd64() % n) : 0; }
static void rnd_fill(uint8_t *p, size_t n) {
  size_t i;
  for (i = 0; i + 8 <= n; i += 8) {
    uint64_t v = rnd64();
    memcpy(p + i, &v, 8);
  }
  if (i < n) {
    uint64_t v = rnd64();
    memcpy(p + i, &v, n - i);
  }
}

/* ---- a growable byte buffer ---- */
typedef struct {
  uint8_t *b;
  size_t n, cap;
} bytes_t;
static void bytes_reserve(bytes_t *x, size_t n) {
  if (n > x->cap) {
    x->cap = n * 2 + 64;
    x->b = realloc(x->b, x->cap);
    if (!x->b) abort();
  }
}
static void bytes_put(bytes_t *x, const uint8_t *p, size_t n) {
  bytes_reserve(x, x->n + n);
  if (n) memcpy(x->b + x->n, p, n);
  x->n += n;
}
static void bytes_byte(bytes_t *x, uint8_t v) { bytes_put(x, &v, 1); }
static void bytes_insert(bytes_t *x, size_t at, const uint8_t *p, size_t n) {
  bytes_reserve(x, x->n + n);
  memmove(x->b + at + n, x->b + at, x->n - at);
  memcpy(x->b + at, p, n);
  x->n += n;
}
static void bytes_erase(bytes_t *x, size_t at, size_t n) {
  memmove(x->b + at, x->b + at + n, x->n - at - n);
  x->n -= n;
}

/* The encoder writes here. */
static bytes_t line;
static size_t line_write(const uint8_t *buf, size_t n) {
  bytes_put(&line, buf, n);
  return n;
}

/* ---- references, independent of the code under test ---- */
static uint32_t ref_table[256];
static void ref_crc_init(void) {
  uint32_t n, c;
  int k;
  for (n = 0; n < 256; n++) {
    for (c = n, k = 0; k < 8; k++) c = (c & 1u) ? (c >> 1) ^ 0xEDB88320u : c >> 1;
    ref_table[n] = c;
  }
}
/* Byte-table CRC-32 (the agent's uses a half-byte table). */
static uint32_t ref_crc32(const uint8_t *p, size_t n) {
  uint32_t c = 0xFFFFFFFFu;
  size_t i;
  for (i = 0; i < n; i++) c = ref_table[(c ^ p[i]) & 0xFFu] ^ (c >> 8);
  return ~c;
}

/* COBS of data (no delimiters), the textbook way: a pointer to the open block's code byte. */
static void ref_cobs(bytes_t *out, const uint8_t *data, size_t n) {
  size_t code_at = out->n, i;
  uint8_t code = 1;
  bytes_byte(out, 0);
  for (i = 0; i < n; i++) {
    if (data[i] == 0) {
      out->b[code_at] = code;
      code_at = out->n;
      bytes_byte(out, 0);
      code = 1;
    } else {
      bytes_byte(out, data[i]);
      if (++code == 0xFF) {
        out->b[code_at] = code;
        code_at = out->n;
        bytes_byte(out, 0);
        code = 1;
      }
    }
  }
  out->b[code_at] = code;
}

/* header, payload, CRC: what the receiver must hand over for a frame. */
static void ref_raw(bytes_t *raw, uint8_t kind, uint8_t seq, uint8_t status, const uint8_t *payload, size_t len) {
  uint8_t h[6];
  uint32_t crc;
  h[0] = TINYFIT_AGENT_VERSION;
  h[1] = kind;
  h[2] = seq;
  h[3] = status;
  h[4] = (uint8_t)(len & 0xFF);
  h[5] = (uint8_t)(len >> 8);
  raw->n = 0;
  bytes_put(raw, h, 6);
  bytes_put(raw, payload, len);
  crc = ref_crc32(raw->b, raw->n);
  bytes_byte(raw, (uint8_t)crc);
  bytes_byte(raw, (uint8_t)(crc >> 8));
  bytes_byte(raw, (uint8_t)(crc >> 16));
  bytes_byte(raw, (uint8_t)(crc >> 24));
}

/* ---- counts ---- */
static struct {
  unsigned long long valid, mutated, structured, random, overlong, resync_frames;
  unsigned long long accepted_intact, false_accepts, duplicates, lost_valid, resync_failures, too_long, too_long_missed;
  unsigned long long rejected, bytes_fed, encoder_mismatch;
} cnt;
static int failed;

#define FAIL(...)                     \
  do {                                \
    fprintf(stderr, "FAIL: ");        \
    fprintf(stderr, __VA_ARGS__);     \
    fprintf(stderr, "\n");            \
    failed = 1;                       \
  } while (0)

/* ---- the receiver under test and what may legitimately come out of it ---- */
static tinyfit_agent_rx_t rx;
static uint8_t *rx_buf;
static size_t rx_cap;

/* Frames sent whose delivery is allowed: the current one and the previous one (its end delimiter may have been the
   casualty, so the next frame's leading delimiter completes it). */
static bytes_t pend[2];
static int pend_live[2];
static unsigned long long delivered_now; /* deliveries of pend[0] during the current feed */
static unsigned long long too_long_now;

static void expect_push(const bytes_t *raw) {
  pend[1].n = 0;
  bytes_put(&pend[1], pend[0].b, pend[0].n);
  pend_live[1] = pend_live[0];
  pend[0].n = 0;
  bytes_put(&pend[0], raw->b, raw->n);
  pend_live[0] = 1;
  delivered_now = 0;
}

static void hexdump(const uint8_t *p, size_t n) {
  size_t i;
  for (i = 0; i < n && i < 64; i++) fprintf(stderr, "%02x", p[i]);
  if (n > 64) fprintf(stderr, "... (%zu B)", n);
  fprintf(stderr, "\n");
}

static void on_frame(void) {
  long payload = tinyfit_agent_frame_check(rx.buf, rx.len);
  int k;
  if (rx.len > rx_cap) FAIL("frame of %zu B in a buffer of %zu", rx.len, rx_cap);
  if (payload < 0) {
    cnt.rejected++;
    return;
  }
  if ((size_t)payload + TINYFIT_AGENT_HEADER + TINYFIT_AGENT_TRAILER != rx.len) FAIL("check returned %ld for %zu B", payload, rx.len);
  for (k = 0; k < 2; k++) {
    if (pend[k].n == rx.len && memcmp(pend[k].b, rx.buf, rx.len) == 0) {
      if (!pend_live[k]) {
        cnt.duplicates++;
        FAIL("a frame was delivered twice");
        return;
      }
      pend_live[k] = 0;
      if (k == 0) delivered_now++;
      cnt.accepted_intact++;
      return;
    }
  }
  cnt.false_accepts++;
  fprintf(stderr, "false accept (%zu B): ", rx.len);
  hexdump(rx.buf, rx.len);
}

static void feed(const uint8_t *p, size_t n) {
  size_t i;
  cnt.bytes_fed += n;
  for (i = 0; i < n; i++) {
    int r = tinyfit_agent_rx_byte(&rx, p[i]);
    if (r == TINYFIT_AGENT_RX_FRAME) {
      on_frame();
    } else if (r == TINYFIT_AGENT_RX_TOO_LONG) {
      cnt.too_long++;
      too_long_now++;
    } else if (r != TINYFIT_AGENT_RX_MORE && r != TINYFIT_AGENT_RX_EMPTY) {
      FAIL("rx_byte returned %d", r);
    }
  }
}

static void rx_start(size_t cap) {
  free(rx_buf);
  rx_cap = cap;
  rx_buf = malloc(cap ? cap : 1);
  tinyfit_agent_rx_init(&rx, rx_buf, cap);
}

/* ---- frames ---- */
static bytes_t payload, raw, work, orig;

static void random_payload(size_t max) {
  size_t len, i;
  size_t r = rnd(100);
  int style = (int)rnd(8);
  if (r < 40) len = rnd((max < 16 ? max : 16) + 1);
  else if (r < 70) len = rnd((max < 300 ? max : 300) + 1);
  else if (r < 92) len = rnd(max + 1);
  else len = max - rnd((max < 3 ? max : 3) + 1);
  bytes_reserve(&payload, len);
  payload.n = len;
  if (style == 2) {
    memset(payload.b, 0, len); /* all zeros */
    return;
  }
  rnd_fill(payload.b, len);
  for (i = 0; i < len; i++) {
    if (style == 0 && payload.b[i] == 0) payload.b[i] = 1; /* no zeros: 254-byte blocks */
    else if (style == 1 && (payload.b[i] & 1u)) payload.b[i] = 0; /* many zeros */
  }
}

/* Encodes a random frame of at most max payload bytes with the encoder under test into `line`, its raw form into
   `raw`; checks the encoding against the reference COBS. */
static void make_frame(size_t max) {
  uint8_t kind = (uint8_t)rnd(256), seq = (uint8_t)rnd(256), status = (uint8_t)rnd(256);
  random_payload(max);
  ref_raw(&raw, kind, seq, status, payload.b, payload.n);
  line.n = 0;
  tinyfit_agent_send(line_write, kind, seq, status, payload.b, payload.n);
  work.n = 0;
  bytes_byte(&work, 0);
  ref_cobs(&work, raw.b, raw.n);
  bytes_byte(&work, 0);
  if (work.n != line.n || memcmp(work.b, line.b, line.n) != 0) {
    cnt.encoder_mismatch++;
    FAIL("the encoder's bytes differ from the reference COBS for a %zu B payload", payload.n);
  }
}

/* A clean frame that must arrive: after garbage, the decoder is back in step. */
static void resync(size_t max) {
  make_frame(max);
  expect_push(&raw);
  feed(line.b, line.n);
  cnt.resync_frames++;
  if (delivered_now != 1) {
    cnt.resync_failures++;
    FAIL("a clean frame after garbage was not delivered (%zu B payload)", payload.n);
  }
}

static void mutate_line(size_t cap) {
  int k, nmut = 1 + (int)rnd(3);
  for (k = 0; k < nmut; k++) {
    size_t at = rnd(line.n + 1), i, n;
    uint8_t b = (uint8_t)rnd(256), run[64];
    switch (rnd(21) / 2) { /* the over-long run (10) half as often as the others */
      case 0: /* flip 1-3 bits */
        for (i = 0, n = 1 + rnd(3); i < n && line.n; i++) line.b[rnd(line.n)] ^= (uint8_t)(1u << rnd(8));
        break;
      case 1: /* drop a byte */
        if (at < line.n) bytes_erase(&line, at, 1);
        break;
      case 2: /* insert a random byte */
        bytes_insert(&line, at, &b, 1);
        break;
      case 3: /* duplicate a byte */
        if (at < line.n) bytes_insert(&line, at, &line.b[at], 1);
        break;
      case 4: /* truncate */
        line.n = at;
        break;
      case 5: /* overwrite a byte */
        if (at < line.n) line.b[at] = b;
        break;
      case 6: /* garbage inside */
        n = 1 + rnd(sizeof run);
        for (i = 0; i < n; i++) run[i] = (uint8_t)rnd(256);
        bytes_insert(&line, at, run, n);
        break;
      case 7: /* lose a delimiter */
        if (line.n && rnd(2)) line.n--;
        else if (line.n) bytes_erase(&line, 0, 1);
        break;
      case 8: /* swap neighbours */
        if (at + 1 < line.n) {
          b = line.b[at];
          line.b[at] = line.b[at + 1];
          line.b[at + 1] = b;
        }
        break;
      case 9: /* a zero inside: the frame splits in two */
        b = 0;
        bytes_insert(&line, at, &b, 1);
        break;
      default: /* an over-long run of non-zero bytes inside */
        n = cap + 1 + rnd(64);
        work.n = 0;
        for (i = 0; i < n; i++) bytes_byte(&work, (uint8_t)(1 + rnd(255)));
        bytes_insert(&line, at, work.b, work.n);
        break;
    }
  }
}

/* Corrupts the frame's contents (not its COBS) and encodes it correctly: only the check can catch these. */
static void structured(size_t max) {
  size_t i;
  make_frame(max);
  orig.n = 0;
  bytes_put(&orig, raw.b, raw.n);
  switch (rnd(6)) {
    case 0: /* bits anywhere in header, payload or CRC */
    case 1:
      for (i = 0; i < 1 + rnd(4); i++) raw.b[rnd(raw.n)] ^= (uint8_t)(1u << rnd(8));
      break;
    case 2: /* version */
      raw.b[0] = (uint8_t)(2 + rnd(254));
      break;
    case 3: /* length field off by some */
      raw.b[4 + rnd(2)] ^= (uint8_t)(1 + rnd(255));
      break;
    case 4: /* payload shortened, length field and old CRC kept consistent with each other */
      if (raw.n > 10) {
        size_t cut = 1 + rnd(raw.n - 10);
        size_t len = raw.n - 10 - cut;
        bytes_erase(&raw, 6 + len, cut);
        raw.b[4] = (uint8_t)len;
        raw.b[5] = (uint8_t)(len >> 8);
      } else {
        raw.b[raw.n - 1] ^= 0x80u;
      }
      break;
    default: /* a burst of up to 32 bits */
      {
        size_t at = rnd(raw.n);
        uint32_t burst = (uint32_t)rnd64() | 1u;
        for (i = 0; i < 4 && at + i < raw.n; i++) raw.b[at + i] ^= (uint8_t)(burst >> (8 * i));
      }
      break;
  }
  /* Two flips of one bit cancel: such a frame is the one sent, not a corruption. */
  if (raw.n == orig.n && memcmp(raw.b, orig.b, raw.n) == 0) raw.b[rnd(raw.n)] ^= (uint8_t)(1u << rnd(8));
  line.n = 0;
  bytes_byte(&line, 0);
  ref_cobs(&line, raw.b, raw.n);
  bytes_byte(&line, 0);
}

static int run_fuzz(uint64_t seed, unsigned long long target) {
  static const size_t caps[] = {10, 11, 16, 74, 74, 266, 266, 266, 266, 266, 1034, 1034, 1034};
  unsigned long long corrupt = 0, iter = 0;
  static const uint8_t check[] = "123456789";
  uint8_t empty_crc_input = 0;
  ref_crc_init();
  if (tinyfit_agent_crc32(0u, check, 9) != 0xCBF43926u || ref_crc32(check, 9) != 0xCBF43926u) FAIL("CRC-32 of \"123456789\" is not 0xCBF43926");
  if (tinyfit_agent_crc32(0u, &empty_crc_input, 0) != 0u) FAIL("CRC-32 of nothing is not 0");
  {
    /* CRC continued over pieces = CRC of the whole */
    uint8_t p[300];
    size_t i;
    for (i = 0; i < sizeof p; i++) p[i] = (uint8_t)(i * 7 + 3);
    if (tinyfit_agent_crc32(tinyfit_agent_crc32(0u, p, 123), p + 123, sizeof p - 123) != ref_crc32(p, sizeof p)) FAIL("CRC-32 continuation");
  }
  rng_state = seed;
  while (corrupt < target && !failed) {
    size_t cap, max, op;
    if (iter % 4000 == 0) {
      rx_start(caps[rnd(sizeof caps / sizeof caps[0])]);
      pend_live[0] = pend_live[1] = 0;
    }
    iter++;
    cap = rx_cap;
    max = cap - TINYFIT_AGENT_HEADER - TINYFIT_AGENT_TRAILER;
    op = rnd(100);
    too_long_now = 0;
    if (op < 30) {
      /* a valid frame: delivered exactly, once */
      make_frame(max);
      expect_push(&raw);
      feed(line.b, line.n);
      cnt.valid++;
      if (delivered_now != 1) {
        cnt.lost_valid++;
        FAIL("a valid frame of %zu B payload was delivered %llu times", payload.n, delivered_now);
      }
      continue;
    }
    if (op < 70) {
      make_frame(max);
      expect_push(&raw);
      mutate_line(cap);
      feed(line.b, line.n);
      cnt.mutated++;
    } else if (op < 80) {
      structured(max);
      expect_push(&raw); /* the corrupted contents: never "sent", so its acceptance would be a false accept */
      pend_live[0] = 0;
      pend[0].n = 0;
      feed(line.b, line.n);
      cnt.structured++;
    } else if (op < 92) {
      /* random bytes: none, few or many zeros */
      size_t n = rnd(rnd(4) ? 300 : 3 * cap + 40), i;
      int zeros = (int)rnd(3);
      bytes_reserve(&work, n);
      work.n = n;
      rnd_fill(work.b, n);
      for (i = 0; i < n; i++) {
        if (zeros == 0 && work.b[i] == 0) work.b[i] = 1;
        if (zeros == 2 && (work.b[i] & 7u) == 0) work.b[i] = 0;
      }
      pend_live[0] = pend_live[1] = 0;
      feed(work.b, work.n);
      cnt.random++;
    } else {
      /* over-long: a run of non-zero bytes decoding to more than the buffer, or a well-formed frame too big */
      if (rnd(2)) {
        size_t n = cap + cap / 100 + 2 + rnd(cap + 8), i;
        bytes_reserve(&work, n + 2);
        work.n = n + 2;
        rnd_fill(work.b, work.n);
        for (i = 1; i <= n; i++) work.b[i] |= (uint8_t)(work.b[i] == 0);
        work.b[0] = work.b[n + 1] = 0;
        pend_live[0] = pend_live[1] = 0;
        feed(work.b, work.n);
      } else {
        size_t extra = 1 + rnd(rnd(2) ? 4 : 2000);
        make_frame(max + extra);
        while (payload.n <= max) make_frame(max + extra);
        pend_live[0] = pend_live[1] = 0;
        feed(line.b, line.n);
      }
      cnt.overlong++;
      if (too_long_now != 1) {
        cnt.too_long_missed++;
        FAIL("an over-long frame (buffer %zu B) gave %llu TOO_LONG results", cap, too_long_now);
      }
    }
    corrupt++;
    resync(max);
  }
  printf("{\"seed\":%llu,\"valid\":%llu,\"mutated\":%llu,\"structured\":%llu,\"random\":%llu,\"overlong\":%llu,"
         "\"resyncFrames\":%llu,\"framesTotal\":%llu,\"corruptTotal\":%llu,\"acceptedIntact\":%llu,\"rejected\":%llu,"
         "\"falseAccepts\":%llu,\"duplicates\":%llu,\"lostValid\":%llu,\"resyncFailures\":%llu,\"tooLong\":%llu,"
         "\"tooLongMissed\":%llu,\"encoderMismatch\":%llu,\"bytesFed\":%llu}\n",
         (unsigned long long)seed, cnt.valid, cnt.mutated, cnt.structured, cnt.random, cnt.overlong, cnt.resync_frames,
         cnt.valid + cnt.resync_frames + corrupt, corrupt, cnt.accepted_intact, cnt.rejected, cnt.false_accepts,
         cnt.duplicates, cnt.lost_valid, cnt.resync_failures, cnt.too_long, cnt.too_long_missed, cnt.encoder_mismatch,
         cnt.bytes_fed);
  free(rx_buf);
  return failed || cnt.false_accepts ? 1 : 0;
}

/* ---- cross-check modes ---- */
static int hexval(int c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

/* Reads one line; returns 0 at the end of input. */
static int read_line(bytes_t *out) {
  int c;
  out->n = 0;
  while ((c = getchar()) != EOF && c != '\n') bytes_byte(out, (uint8_t)c);
  return c != EOF || out->n > 0;
}

static size_t parse_hex(const uint8_t *s, size_t n, bytes_t *out) {
  size_t i;
  out->n = 0;
  for (i = 0; i + 1 < n; i += 2) {
    int hi = hexval(s[i]), lo = hexval(s[i + 1]);
    if (hi < 0 || lo < 0) break;
    bytes_byte(out, (uint8_t)(hi * 16 + lo));
  }
  return i;
}

static void print_hex(const uint8_t *p, size_t n) {
  size_t i;
  for (i = 0; i < n; i++) printf("%02x", p[i]);
}

static int run_encode(void) {
  bytes_t in = {0}, pl = {0};
  while (read_line(&in)) {
    unsigned kind, seq, status;
    int used = 0;
    bytes_byte(&in, 0);
    if (sscanf((const char *)in.b, "%u %u %u %n", &kind, &seq, &status, &used) < 3) {
      fprintf(stderr, "bad line: %s\n", in.b);
      return 2;
    }
    parse_hex(in.b + used, in.n - 1 - (size_t)used, &pl);
    line.n = 0;
    tinyfit_agent_send(line_write, (uint8_t)kind, (uint8_t)seq, (uint8_t)status, pl.b, pl.n);
    print_hex(line.b, line.n);
    printf("\n");
  }
  free(in.b);
  free(pl.b);
  return 0;
}

static int run_decode(size_t cap) {
  bytes_t in = {0}, stream = {0};
  uint8_t *buf = malloc(cap ? cap : 1);
  while (read_line(&in)) {
    size_t i;
    int any = 0;
    parse_hex(in.b, in.n, &stream);
    tinyfit_agent_rx_init(&rx, buf, cap);
    for (i = 0; i < stream.n; i++) {
      int r = tinyfit_agent_rx_byte(&rx, stream.b[i]);
      if (r == TINYFIT_AGENT_RX_FRAME && tinyfit_agent_frame_check(rx.buf, rx.len) >= 0) {
        if (any) printf(" ");
        print_hex(rx.buf, rx.len);
        any = 1;
      } else if (r == TINYFIT_AGENT_RX_TOO_LONG) {
        printf(any ? " L" : "L");
        any = 1;
      }
    }
    printf(any ? "\n" : ".\n");
  }
  free(buf);
  free(in.b);
  free(stream.b);
  return 0;
}

int main(int argc, char **argv) {
  int rc;
  if (argc >= 4 && strcmp(argv[1], "fuzz") == 0) {
    rc = run_fuzz(strtoull(argv[2], NULL, 0), strtoull(argv[3], NULL, 0));
  } else if (argc >= 2 && strcmp(argv[1], "encode") == 0) {
    rc = run_encode();
  } else if (argc >= 3 && strcmp(argv[1], "decode") == 0) {
    rc = run_decode((size_t)strtoull(argv[2], NULL, 0));
  } else {
    fprintf(stderr, "usage: %s fuzz SEED TARGET | encode | decode CAP\n", argv[0]);
    return 2;
  }
  free(line.b);
  free(payload.b);
  free(raw.b);
  free(work.b);
  free(orig.b);
  free(pend[0].b);
  free(pend[1].b);
  return rc;
}
