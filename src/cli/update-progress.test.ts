import assert from "node:assert/strict";
import { PassThrough } from "node:stream";
import { test } from "node:test";
import type { UpdateResult } from "../updater/index.js";
import { updateDisplay } from "./update-progress.js";

/** A stream as the display sees stderr: a terminal of 120 columns, or a pipe. */
function stream(tty: boolean): { out: NodeJS.WriteStream; text: () => string } {
  const s = new PassThrough();
  let text = "";
  s.setEncoding("utf8").on("data", (d: string) => (text += d));
  Object.assign(s, { isTTY: tty, columns: 120, cursorTo: () => true, clearLine: () => true, moveCursor: () => true });
  return { out: s as unknown as NodeJS.WriteStream, text: () => text };
}

const ok: UpdateResult = { updater: "debian", status: "changed", recordCount: 1200, problems: [], error: null, durationMs: 2100 };
const same: UpdateResult = { updater: "wolfi", status: "unchanged", recordCount: 0, problems: [], error: null, durationMs: 300 };
const down: UpdateResult = {
  updater: "alpine/v3.9/main",
  status: "failed",
  recordCount: 0,
  problems: [],
  error: "https://secdb.alpinelinux.org/v3.9/main.json: fetch failed: getaddrinfo ENOTFOUND secdb.alpinelinux.org",
  durationMs: 40,
};
/** A plan whose updaters never existed: its index failed, so it was never started. */
const planDown: UpdateResult = { updater: "rhel", status: "failed", recordCount: 0, problems: [], error: "archive_latest.txt: fetch failed", durationMs: 10 };

test("off a terminal: one line per feed as it finishes, then the totals", () => {
  const { out, text } = stream(false);
  const d = updateDisplay(false, out);
  for (const r of [ok, down, same]) d.observer.started?.(r.updater);
  d.observer.finished?.(down);
  assert.equal(text(), `alpine/v3.9/main: FAILED: ${down.error} (0.0 s)\n`, "printed when it finished, not at the end");
  d.observer.finished?.(ok);
  d.observer.finished?.(same);
  d.observer.finished?.(planDown);
  d.finish([ok, down, same, planDown], 5400);
  assert.deepEqual(text().split("\n"), [
    `alpine/v3.9/main: FAILED: ${down.error} (0.0 s)`,
    "debian: 1200 records (2.1 s)",
    "wolfi: unchanged (0.3 s)",
    `rhel: FAILED: ${planDown.error} (0.0 s)`,
    "4 feeds in 5.4 s: 1 updated (1200 records), 1 unchanged, 2 failed",
    "",
  ]);
});

test("--quiet: only the failures", () => {
  const { out, text } = stream(false);
  const d = updateDisplay(true, out);
  for (const r of [ok, down]) {
    d.observer.started?.(r.updater);
    d.observer.finished?.(r);
  }
  d.finish([ok, down], 1000);
  assert.equal(text(), `alpine/v3.9/main: FAILED: ${down.error} (0.0 s)\n`);
});

test("on a terminal: failed feeds are FAILED lines and leave the bar short of full", () => {
  const { out, text } = stream(true);
  const d = updateDisplay(false, out);
  for (const r of [ok, down, same]) d.observer.started?.(r.updater);
  for (const r of [ok, down, same, planDown]) d.observer.finished?.(r);
  d.finish([ok, down, same, planDown], 3000);
  const shown = text();
  assert.match(shown, /alpine\/v3\.9\/main: FAILED: .*ENOTFOUND/);
  assert.match(shown, /rhel: FAILED: /);
  // The last state of the bar: 2 of 4 feeds worked, 2 failed; never 4/4.
  const states = [...shown.matchAll(/(\d+)\/(\d+) ok · (\d+) failed/g)].map((m) => `${m[1]}/${m[2]} ${m[3]}`);
  assert.equal(states.at(-1), "2/4 2", states.join(" | "));
  assert.ok(!states.includes("4/4 0") && !states.some((s) => s.startsWith("4/4")), "failed feeds never fill the bar");
  assert.match(shown, /4 feeds in 3\.0 s: 1 updated \(1200 records\), 1 unchanged, 2 failed\n$/);
});
