/*
 * Port 'linux' beyond the port contract: which line the runner talks on. By default the serial line is stdin and
 * stdout, as for the host port (a pipe, a file, or the terminal the runner was started from). The device agent
 * (`./runner --agent [tty [baud]]`) instead wants a raw byte line: port_linux_agent_line() either opens the given
 * tty, or takes the terminal on stdin, and puts it in raw mode (no echo, no line editing, no signals from bytes,
 * 8 bits, no CR/LF mapping) until port_linux_restore() or the program's end (normal exit, SIGTERM, SIGHUP, SIGINT).
 *
 * On such a line the agent's frames never contain the byte sequence
 *   0x00 't' 'i' 'n' 'y' 'f' 'i' 't' ':' 'l' 'e' 'a' 'v' 'e' 0x00
 * (as a COBS frame its first code byte would promise 115 more non-zero bytes), so the port takes it as "the line
 * ended": read returns early and the agent returns, which gives the console's shell back (a host that started the
 * agent on a Raspberry Pi's serial console uses it to get a shell prompt again).
 */
#ifndef TINYFIT_PORT_LINUX_H
#define TINYFIT_PORT_LINUX_H

/**
 * Makes the agent's line raw: `tty` (opened read-write, at `baud`, 0 for 115200) or, when `tty` is NULL, stdin
 * and stdout (raw only when stdin is a terminal). Returns 0, or an errno value (the tty cannot be opened or set).
 */
int tinyfit_port_linux_agent_line(const char *tty, unsigned long baud);

/** Gives the terminal its previous settings back (no-op when nothing was changed). Async-signal-safe. */
void tinyfit_port_linux_restore(void);

#endif /* TINYFIT_PORT_LINUX_H */
