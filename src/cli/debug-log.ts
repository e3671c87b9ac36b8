/**
 * `claro -v`: debug lines on stderr. main.ts sets CLARO_DEBUG=1 for -v before the command runs;
 * the variable also works alone, e.g. in CI where the command line is fixed.
 */
export function debugEnabled(env: NodeJS.ProcessEnv = process.env): boolean {
  return env["CLARO_DEBUG"] === "1" || env["CLARO_DEBUG"] === "true";
}

export function debug(message: string): void {
  if (debugEnabled()) process.stderr.write(`claro: debug: ${message}\n`);
}

/** Runs `fn` and, with -v, says how long it took. */
export async function timed<T>(what: string, fn: () => Promise<T>): Promise<T> {
  if (!debugEnabled()) return fn();
  const start = performance.now();
  try {
    return await fn();
  } finally {
    debug(`${what}: ${Math.round(performance.now() - start)} ms`);
  }
}
