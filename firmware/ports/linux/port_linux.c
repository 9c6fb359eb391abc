/*
 * Port 'linux' (Raspberry Pi and other Linux boards): the serial line is a pair of file descriptors — stdin and
 * stdout, or a tty the runner opened for the device agent (port_linux.h) — read and written with read(2) and
 * write(2), so nothing is buffered in stdio; the counter is clock_gettime(CLOCK_MONOTONIC) in nanoseconds (no wrap
 * in practice). POSIX.1-2001.
 */
#define _POSIX_C_SOURCE 200112L
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <termios.h>
#include <unistd.h>
#include "port.h"
#include "posix_ticks.h"
#include "port_linux.h"

static int tinyfit_port_in = 0;
static int tinyfit_port_out = 1;
/* The terminal whose settings were changed (-1: none) and what they were. */
static int tinyfit_port_tty = -1;
static struct termios tinyfit_port_saved;
/* Agent lines only: how much of the leave sequence has arrived. */
static int tinyfit_port_watch;
static size_t tinyfit_port_matched;
static const char tinyfit_port_leave[] = "\0tinyfit:leave"; /* and the closing 0x00 of the string */
#define TINYFIT_PORT_LEAVE_LEN sizeof tinyfit_port_leave

void tinyfit_port_setup(void) {
  /* stdin and stdout need no bring-up; the agent's line is set up by tinyfit_port_linux_agent_line. */
}

void tinyfit_port_linux_restore(void) {
  if (tinyfit_port_tty >= 0) tcsetattr(tinyfit_port_tty, TCSADRAIN, &tinyfit_port_saved);
}

static void tinyfit_port_on_signal(int sig) {
  tinyfit_port_linux_restore();
  signal(sig, SIG_DFL);
  raise(sig);
}

static speed_t tinyfit_port_speed(unsigned long baud) {
  switch (baud) {
    case 9600: return B9600;
    case 19200: return B19200;
    case 38400: return B38400;
    case 57600: return B57600;
#ifdef B230400
    case 230400: return B230400;
#endif
#ifdef B460800
    case 460800: return B460800;
#endif
#ifdef B921600
    case 921600: return B921600;
#endif
    default: return B115200;
  }
}

int tinyfit_port_linux_agent_line(const char *tty, unsigned long baud) {
  struct termios t;
  int fd = 0;
  tinyfit_port_watch = 1;
  if (tty != NULL) {
    fd = open(tty, O_RDWR | O_NOCTTY);
    if (fd < 0) return errno;
    tinyfit_port_in = fd;
    tinyfit_port_out = fd;
  } else if (!isatty(0)) {
    return 0; /* a pipe or a file: already a byte line */
  }
  if (tcgetattr(fd, &t) != 0) return errno;
  tinyfit_port_saved = t;
  t.c_iflag &= ~(tcflag_t)(IGNBRK | BRKINT | PARMRK | ISTRIP | INLCR | IGNCR | ICRNL | IXON | IXOFF);
  t.c_oflag &= ~(tcflag_t)OPOST;
  t.c_lflag &= ~(tcflag_t)(ECHO | ECHONL | ICANON | ISIG | IEXTEN);
  t.c_cflag &= ~(tcflag_t)(CSIZE | PARENB);
  t.c_cflag |= CS8 | CREAD;
  t.c_cc[VMIN] = 1;
  t.c_cc[VTIME] = 0;
  if (tty != NULL) {
    t.c_cflag |= CLOCAL;
    cfsetispeed(&t, tinyfit_port_speed(baud));
    cfsetospeed(&t, tinyfit_port_speed(baud));
  }
  if (tcsetattr(fd, TCSANOW, &t) != 0) return errno;
  tinyfit_port_tty = fd;
  atexit(tinyfit_port_linux_restore);
  signal(SIGTERM, tinyfit_port_on_signal);
  signal(SIGHUP, tinyfit_port_on_signal);
  signal(SIGINT, tinyfit_port_on_signal);
  return 0;
}

/* Whether byte b completes the leave sequence (agent lines only). */
static int tinyfit_port_leaves(uint8_t b) {
  if ((char)b == tinyfit_port_leave[tinyfit_port_matched]) {
    tinyfit_port_matched++;
  } else {
    tinyfit_port_matched = b == 0u ? 1u : 0u;
  }
  return tinyfit_port_matched == TINYFIT_PORT_LEAVE_LEN;
}

size_t tinyfit_port_read(uint8_t *buf, size_t n) {
  size_t got = 0;
  while (got < n) {
    ssize_t r = read(tinyfit_port_in, buf + got, n - got);
    if (r < 0 && errno == EINTR) continue;
    if (r <= 0) break; /* end of input, or the line failed (a hang-up) */
    if (tinyfit_port_watch) {
      size_t i;
      for (i = 0; i < (size_t)r; i++) {
        if (tinyfit_port_leaves(buf[got + i])) return got + i;
      }
    }
    got += (size_t)r;
  }
  return got;
}

size_t tinyfit_port_write(const uint8_t *buf, size_t n) {
  size_t done = 0;
  while (done < n) {
    ssize_t w = write(tinyfit_port_out, buf + done, n - done);
    if (w < 0 && errno == EINTR) continue;
    if (w <= 0) break;
    done += (size_t)w;
  }
  return done;
}
