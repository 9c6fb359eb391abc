import { TinyfitError } from '../errors';

/**
 * Runs a command body and maps failures to exit codes: a TinyfitError (user error) prints one line and
 * exits 1; anything else is an internal error, exit 2 (stack trace with --verbose).
 */
export async function runCommand(verbose: boolean, body: () => Promise<void> | void): Promise<void> {
  try {
    await body();
  } catch (e) {
    if (e instanceof TinyfitError) {
      process.stderr.write(`tinyfit: error: ${e.message.split('\n')[0]}\n`);
      process.exitCode = e.exitCode;
    } else {
      const err = e as Error;
      process.stderr.write(`tinyfit: internal error: ${err?.message ?? String(e)}${verbose ? `\n${err?.stack ?? ''}` : ' (run with --verbose for details)'}\n`);
      process.exitCode = 2;
    }
  }
}
