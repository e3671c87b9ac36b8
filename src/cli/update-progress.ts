import cliProgress from "cli-progress";
import { describeProblem } from "../core/problem.js";
import type { UpdateObserver, UpdateResult } from "../updater/index.js";

/** What `claro db update` shows while feeds run concurrently, and the totals at the end. */
export interface UpdateDisplay {
  readonly observer: UpdateObserver;
  /** Stops the display and prints the run's totals (not with --quiet; not when the run itself failed: null). */
  finish(results: readonly UpdateResult[] | null, wallMs: number): void;
}

export interface UpdateTotals {
  readonly changed: number;
  readonly unchanged: number;
  readonly failed: number;
  readonly records: number;
}

export function updateTotals(results: readonly UpdateResult[]): UpdateTotals {
  const count = (s: UpdateResult["status"]): number => results.filter((r) => r.status === s).length;
  return { changed: count("changed"), unchanged: count("unchanged"), failed: count("failed"), records: results.reduce((n, r) => n + r.recordCount, 0) };
}

/** One feed's line: its outcome, as soon as it is known. */
export function feedLine(r: UpdateResult): string {
  const what = r.status === "changed" ? `${r.recordCount} records` : r.status === "unchanged" ? "unchanged" : `FAILED: ${r.error ?? "unknown error"}`;
  const skipped = r.problems.length > 0 ? `\n${r.updater}: ${r.problems.length} records skipped; first: ${describeProblem(r.problems[0]!)}` : "";
  return `${r.updater}: ${what} (${(r.durationMs / 1000).toFixed(1)} s)${skipped}`;
}

export function totalsLine(t: UpdateTotals, wallMs: number): string {
  const feeds = t.changed + t.unchanged + t.failed;
  return `${feeds} feeds in ${(wallMs / 1000).toFixed(1)} s: ${t.changed} updated (${t.records} records), ${t.unchanged} unchanged, ${t.failed} failed`;
}

/**
 * Feeds finish in any order, several at once, so each gets one line when it finishes, on a
 * terminal above a single bar. The bar counts only feeds that worked: a failed feed is a FAILED
 * line and leaves its part of the bar empty, instead of filling it as if it had been loaded.
 * Off a terminal there is no bar, only the lines (a CI log shows each feed as it ends).
 */
export function updateDisplay(quiet: boolean, stream: NodeJS.WriteStream = process.stderr): UpdateDisplay {
  const seen: UpdateResult[] = [];
  const running = new Set<string>();
  let known = 0;
  const bars =
    !quiet && stream.isTTY
      ? new cliProgress.MultiBar(
          { stream, format: "feeds [{bar}] {value}/{total} ok · {failed} failed · {running} running", hideCursor: true, clearOnComplete: false, barsize: 24 },
          cliProgress.Presets.shades_classic,
        )
      : null;
  const bar = bars?.create(0, 0, { failed: 0, running: 0 });
  const redraw = (): void => {
    const t = updateTotals(seen);
    bar?.setTotal(known);
    bar?.update(t.changed + t.unchanged, { failed: t.failed, running: known - seen.length });
  };
  const print = (line: string): void => {
    if (bars) bars.log(`${line}\n`);
    else stream.write(`${line}\n`);
  };
  return {
    observer: {
      started: (updater) => {
        running.add(updater);
        known++;
        redraw();
      },
      finished: (r) => {
        // A plan that failed before it had updaters (its index did not load) was never started.
        if (!running.delete(r.updater)) known++;
        seen.push(r);
        if (!quiet || r.status === "failed") print(feedLine(r));
        redraw();
      },
    },
    finish(results, wallMs) {
      // stop() does not flush lines logged since the last redraw: the last feeds' lines would be lost.
      bars?.update();
      bars?.stop();
      if (!quiet && results !== null) stream.write(`${totalsLine(updateTotals(results), wallMs)}\n`);
    },
  };
}
