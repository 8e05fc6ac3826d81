import { errorSummary, InputError } from '../errors.ts';

/**
 * backup and restore refuse with exit code 2, as a usage error, when the directory they are
 * given is wrong (not empty, not a backup, damaged): main.ts gives input errors 1, which for
 * these commands would read as "partly done". Other errors go on to main.ts.
 */
export async function exitTwoOnRefusal(work: () => Promise<void>): Promise<void> {
  try {
    await work();
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    const { code, message } = errorSummary(error);
    process.stderr.write(`termlens: input error ${code}: ${message}\n`);
    process.exitCode = 2;
  }
}
