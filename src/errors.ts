/**
 * A user error: bad input, bad options, unsupported model content. The CLI prints its message as one line
 * on stderr and exits with code 1. Anything else thrown is an internal error (exit code 2).
 */
export class TinyfitError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TinyfitError';
  }
}
