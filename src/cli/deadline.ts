import { FatalError } from "../core/problem.js";
import { parseDuration } from "../app/duration.js";

/** Trivy's default: a registry that drips bytes must not hold a CI job for ever. */
export const DEFAULT_TIMEOUT_MS = 10 * 60_000;

/** setTimeout fires at once past 2^31-1 ms, which would turn a long deadline into none at all. */
const MAX_TIMEOUT_MS = 2 ** 31 - 1;

const HINT = "raise --timeout (or CLARO_TIMEOUT, config `timeout`), e.g. --timeout 30m, or check the registry";

/** `--timeout`, CLARO_TIMEOUT or config `timeout`: `90s`, `10m`, `1h`, or a number of seconds. */
export function timeoutMs(value: string | number | undefined): number {
  if (value === undefined) return DEFAULT_TIMEOUT_MS;
  const ms = parseDuration(value, "--timeout");
  if (!(ms > 0) || ms > MAX_TIMEOUT_MS) {
    throw new FatalError("CONFIG_INVALID", `--timeout '${value}' is not a duration between 1s and 24d`, "use e.g. 90s, 10m or 1h");
  }
  return ms;
}

function describe(ms: number): string {
  return ms % 60_000 === 0 ? `${ms / 60_000}m` : `${ms / 1000}s`;
}

/**
 * Runs `work` under an overall deadline. Past it the signal aborts (cancelling requests and layer
 * reads) and TIMEOUT is thrown at once, whatever `work` is still waiting on.
 */
export async function withDeadline<T>(ms: number, what: string, work: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const controller = new AbortController();
  const expired = new FatalError("TIMEOUT", `${what} did not finish within the ${describe(ms)} timeout`, HINT);
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => {
      controller.abort(expired);
      reject(expired);
    }, ms);
  });
  const running = work(controller.signal);
  // The loser of the race still settles later; its rejection is the deadline's, already reported.
  running.catch(() => undefined);
  try {
    return await Promise.race([running, deadline]);
  } catch (e) {
    throw controller.signal.aborted ? expired : e;
  } finally {
    clearTimeout(timer);
  }
}
