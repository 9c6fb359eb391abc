/**
 * A user error: bad input, bad options, unsupported model content. The CLI prints its message as one line
 * on stderr and exits with code 1. Anything else thrown is an internal error (exit code 2).
 */
export class TinyfitError extends Error {
  /**
   * @param exitCode the process exit code for this error (default 1); device phases have their own (see
   *   {@link EXIT}) so scripts can tell a failed connection from a failed verify
   */
  constructor(
    message: string,
    readonly exitCode: number = 1,
  ) {
    super(message);
    this.name = 'TinyfitError';
  }
}

/**
 * Exit codes: 1 for bad input, 2 for an internal error, and one per device phase, so a script knows which step
 * failed (an upload whose final reset failed is not a failed upload).
 */
export const EXIT = {
  user: 1,
  internal: 2,
  connect: 3,
  erase: 4,
  write: 5,
  verify: 6,
  reset: 7,
  run: 8,
  mismatch: 9,
} as const;
