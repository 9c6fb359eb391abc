/** A promise with a deadline: what the device layer wraps every open, ioctl and write in. */
import { EXIT, TinyfitError } from '../errors';

/**
 * Resolves as `p` does, or rejects with a TinyfitError (`<what> took longer than <ms> ms`) at the deadline.
 * @param exitCode exit code of the timeout error (default: the connect phase's)
 */
export function withTimeout<T>(p: Promise<T>, ms: number, what: string, exitCode: number = EXIT.connect): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new TinyfitError(`${what} took longer than ${ms} ms`, exitCode)), ms);
  });
  return Promise.race([p, deadline]).finally(() => clearTimeout(timer));
}
