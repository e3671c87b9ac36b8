import { FatalError } from "../core/problem.js";
import { parseDuration } from "../app/duration.js";
import { databaseStatus, exportDatabase, importDatabase, updateDatabase } from "../app/update.js";
import { SHRINK_HINT } from "../updater/index.js";
import type { ExitCode } from "./errors.js";
import { terminalProgress } from "./progress.js";
import { updateDisplay } from "./update-progress.js";

export interface UpdateFlags {
  readonly db?: string;
  readonly source?: readonly string[];
  readonly only?: string;
  readonly quiet?: boolean;
  /** `--timeout`: per request, in the one duration grammar (`90s`, `2m`, or seconds). */
  readonly timeout?: string | number;
  /** Feeds fetched and parsed at once (default 4). */
  readonly concurrency?: number;
  /** Accept an update that shrinks an updater's data past `maxShrink` (default: refuse it). */
  readonly allowShrink?: boolean;
  readonly maxShrink?: number;
}

/** `claro db update`: exit 0 when every feed updated or was unchanged, 2 when any failed. */
export async function dbUpdateCommand(flags: UpdateFlags): Promise<ExitCode> {
  if (flags.concurrency !== undefined && !(Number.isInteger(flags.concurrency) && flags.concurrency >= 1 && flags.concurrency <= 64)) {
    throw new FatalError("CONFIG_INVALID", `--concurrency ${flags.concurrency} is not a whole number from 1 to 64`, "e.g. --concurrency 4 (the default)");
  }
  // Feeds run concurrently: each one's line is printed as it finishes, then the totals.
  const display = updateDisplay(flags.quiet ?? false);
  const began = Date.now();
  const { results, failed, cause } = await updateDatabase({
    db: flags.db,
    sources: flags.source,
    only: flags.only,
    // `--timeout 90s` was read as a number (NaN) and silently ignored; it is a duration like the others.
    timeoutMs: flags.timeout !== undefined ? parseDuration(flags.timeout, "--timeout") : undefined,
    allowShrink: flags.allowShrink,
    maxShrink: flags.maxShrink,
    concurrency: flags.concurrency,
    observer: display.observer,
  }).catch((e: unknown) => {
    display.finish(null, Date.now() - began);
    throw e;
  });
  display.finish(results, Date.now() - began);
  if (failed > 0) {
    process.stderr.write(`claro: error [FEED_UNAVAILABLE]: ${failed} feed(s) failed; their previous data is kept\n`);
    process.stderr.write(
      cause === "disk-full"
        ? "claro: hint: the disk holding the database is full: free space (or point --db elsewhere) and run `claro db update` again\n"
        : cause === "shrunk"
          ? `claro: hint: check the source named above; ${SHRINK_HINT}\n`
          : "claro: hint: check the source or network named above and run `claro db update` again; `claro db status` shows what each updater holds\n",
    );
    return 2;
  }
  return 0;
}

export async function dbStatusCommand(flags: { db?: string; format?: string }): Promise<ExitCode> {
  const { backend, location, advisories: total, updaters: status } = await databaseStatus(flags.db);
  if (flags.format === "json") {
    process.stdout.write(`${JSON.stringify({ backend, location, advisories: total, updaters: status }, null, 2)}\n`);
    return 0;
  }
  if (status.length === 0) {
    process.stdout.write(`The ${backend} database at ${location} is empty. Run \`claro db update\` to fill it.\n`);
    return 0;
  }
  const now = Date.now();
  const rows = status.map((u) => [
    u.updater,
    u.lastRun.status,
    u.lastRun.finishedAt,
    String(u.recordCount),
    u.lastChangedAt ? age(now - Date.parse(u.lastChangedAt)) : "never",
    shortFingerprint(u.fingerprint),
    u.lastRun.status === "failed" ? reasonCell(u.lastRun.error) : "",
  ]);
  process.stdout.write(`Database: ${location} (${backend})\n\n`);
  const header = ["UPDATER", "LAST RUN", "FINISHED", "RECORDS", "DATA AGE", "FINGERPRINT", "FAILURE REASON"];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  for (const r of [header, ...rows])
    process.stdout.write(
      `${r
        .map((c, i) => c.padEnd(widths[i]!))
        .join("  ")
        .trimEnd()}\n`,
    );
  // A failed run kept the previous data; say why, or the table reads as if all is well.
  const failures = status.filter((u) => u.lastRun.status === "failed" && u.lastRun.error);
  if (failures.length > 0) process.stdout.write("\nLast run failed (previous data kept):\n");
  for (const u of failures) process.stdout.write(`  ${u.updater}: ${u.lastRun.error}\n`);
  process.stdout.write(`\n${total} advisories in ${backend}\n`);
  return 0;
}

/** The first line of a failure, cut short: the full reason is listed under the table. */
function reasonCell(error: string | null): string {
  const line = (error ?? "unknown").split("\n")[0]!;
  return line.length > 60 ? `${line.slice(0, 59)}…` : line;
}

/** `claro db export FILE`: every updater's data and fingerprint in one checksummed bundle. */
export async function dbExportCommand(file: string, flags: { db?: string; quiet?: boolean }): Promise<ExitCode> {
  const r = await exportDatabase(flags.db, file, terminalProgress(flags.quiet ?? false));
  if (!flags.quiet) {
    for (const u of r.header.updaters) process.stderr.write(`${u.updater}: ${u.recordCount} records (${shortFingerprint(u.fingerprint)})\n`);
  }
  process.stderr.write(`exported ${r.records} advisories of ${r.header.updaters.length} updaters to ${file} (${(r.bytes / 1048576).toFixed(1)} MiB)\n`);
  // On stdout, in sha256sum's format, so it can be kept and checked after the copy: sha256sum -c.
  process.stdout.write(`${r.sha256}  ${file}\n`);
  return 0;
}

/** `claro db import FILE`: verifies the whole bundle, then replaces its updaters' data in one transaction. */
export async function dbImportCommand(file: string, flags: { db?: string; quiet?: boolean }): Promise<ExitCode> {
  const r = await importDatabase(flags.db, file, terminalProgress(flags.quiet ?? false));
  if (!flags.quiet) {
    for (const u of r.header.updaters) process.stderr.write(`${u.updater}: ${r.counts.get(u.updater) ?? 0} records (data from ${u.lastChangedAt})\n`);
  }
  process.stderr.write(`imported ${r.records} advisories of ${r.header.updaters.length} updaters into ${r.backend} (bundle created ${r.header.createdAt})\n`);
  return 0;
}

function age(ms: number): string {
  const h = ms / 3_600_000;
  return h < 48 ? `${h.toFixed(1)} h` : `${(h / 24).toFixed(1)} d`;
}

function shortFingerprint(fp: string | null): string {
  if (!fp) return "-";
  try {
    const v: unknown = JSON.parse(fp);
    if (v && typeof v === "object" && "sha256" in v && typeof v.sha256 === "string") return `sha256:${v.sha256.slice(0, 12)}`;
  } catch {
    // not JSON: show as is
  }
  return fp.slice(0, 20);
}
