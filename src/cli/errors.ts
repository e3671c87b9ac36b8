import { isFatalError } from "../core/problem.js";

/**
 * Exit codes: 0 analysed and the policy passed; 1 the policy failed; 2 could not analyse; or
 * the code the user chose with `--exit-on-eol` for an analysed image on an end-of-life release.
 */
export type ExitCode = number;

/** Prints a fatal error as one line plus a hint, and returns exit code 2. */
export function reportError(e: unknown, stderr: NodeJS.WritableStream = process.stderr): ExitCode {
  if (isFatalError(e)) {
    stderr.write(`claro: error [${e.code}]: ${e.message}\n`);
    if (e.hint) stderr.write(`claro: hint: ${e.hint}\n`);
    return 2;
  }
  const message = e instanceof Error ? (e.stack ?? e.message) : String(e);
  stderr.write(`claro: internal error (a bug; please report it): ${message}\n`);
  return 2;
}
