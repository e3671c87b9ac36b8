import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer as createHttpServer, type ServerResponse } from "node:http";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { enrichers } from "../app/enrichers.js";
import { ecosystems, isEcosystemName } from "../ecosystems/index.js";
import { claro } from "../../test/support/claro.js";

/** A loopback port nothing listens on: bound, then released. */
async function closedPort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, "127.0.0.1", r));
  const port = (s.address() as { port: number }).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

// Issue 11's acceptance: offline, `claro db update` took 3 min 23 s for 77 failures and printed
// nothing for 150 s off a terminal. The timeout is a generous bound, not a measurement.
test(
  "claro db update with every updater on a closed local port finishes, exits 2, one line per failed feed and the totals",
  { timeout: 120_000 },
  async (t) => {
    const dir = mkdtempSync(join(tmpdir(), "claro-offline-"));
    try {
      const port = await closedPort();
      const names = [...Object.keys(ecosystems), ...Object.keys(enrichers)];
      const sources = names.flatMap((n) => ["--source", `${n}=http://127.0.0.1:${port}/${n}/`]);
      const began = Date.now();
      const r = await claro(["db", "update", "--db", `sqlite:${join(dir, "db.sqlite")}`, ...sources]);
      t.diagnostic(`${names.length} updaters, wall ${Date.now() - began} ms (process start included)`);
      assert.equal(r.code, 2, r.stderr);
      const lines = r.stderr.split("\n");
      const failed = lines.filter((l) => / FAILED: /.test(l)).map((l) => l.slice(0, l.indexOf(": FAILED: ")));
      assert.equal(new Set(failed).size, failed.length, "one line per failed feed");
      // Every updater name has its line: under its own name (debian, alpine/v3.9/main) or its feed's (osv/crates.io for cargo).
      const ids = (n: string): readonly string[] => (isEcosystemName(n) ? (ecosystems[n].updaterIds ?? []) : []);
      for (const n of names)
        assert.ok(
          failed.some((id) => id === n || id.startsWith(`${n}/`) || ids(n).includes(id)),
          `no FAILED line for ${n}`,
        );
      // Refused by the closed port; or, for a few plans, refused before any request: the source URL
      // does not name a release (mariner), or the ecosystem has no feed (fedora). Those are named by plan.
      const refused = new RegExp(`127\\.0\\.0\\.1:${port}.*ECONNREFUSED`);
      const early = lines.filter((l) => / FAILED: /.test(l) && !refused.test(l));
      t.diagnostic(`failed before a request: ${early.join(" | ")}`);
      for (const l of early) assert.ok(names.includes(l.slice(0, l.indexOf(": FAILED: "))), l);
      assert.ok(failed.length - early.length > names.length, "most feeds reached the network and were refused");
      assert.ok(lines.includes(`claro: error [FEED_UNAVAILABLE]: ${failed.length} feed(s) failed; their previous data is kept`), r.stderr.slice(-600));
      assert.match(r.stderr, new RegExp(`^${failed.length} feeds in \\d+\\.\\d s: 0 updated \\(0 records\\), 0 unchanged, ${failed.length} failed$`, "m"));
      // Off a terminal: no progress bar, only the lines.
      assert.doesNotMatch(r.stderr, /\[[█░]+\]/);
      // Each failure is kept with its reason for `claro db status`.
      const status = await claro(["db", "status", "--db", `sqlite:${join(dir, "db.sqlite")}`, "--format", "json"]);
      const updaters = (JSON.parse(status.stdout) as { updaters: { updater: string; lastRun: { status: string; error: string | null } }[] }).updaters;
      assert.ok(
        updaters.length > 0 && updaters.every((u) => u.lastRun.status === "failed" && /ECONNREFUSED/.test(u.lastRun.error ?? "")),
        status.stdout.slice(0, 400),
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
);

test("claro db update --concurrency N fetches N feeds at once, never more; 0 is refused", { timeout: 120_000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), "claro-concurrency-"));
  // Each request is held until 2 are waiting (or every remaining one is): fewer at once would
  // never be answered, more would be seen above 2.
  const total = 43; // Alpine's releases × repositories
  const held: ServerResponse[] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  let answered = 0;
  const server = createHttpServer((_req, res) => {
    maxInFlight = Math.max(maxInFlight, ++inFlight);
    res.on("close", () => inFlight--);
    held.push(res);
    if (held.length >= 2 || answered + held.length >= total) {
      for (const r of held.splice(0)) {
        answered++;
        r.writeHead(404).end();
      }
    }
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const port = (server.address() as { port: number }).port;
  try {
    const db = `sqlite:${join(dir, "db.sqlite")}`;
    const r = await claro(["db", "update", "--db", db, "--concurrency", "2", "--source", `alpine=http://127.0.0.1:${port}/`]);
    assert.equal(r.code, 2, r.stderr);
    assert.equal(r.stderr.split("\n").filter((l) => /^alpine\/\S+: FAILED: .*HTTP 404/.test(l)).length, total);
    assert.equal(maxInFlight, 2);
    const bad = await claro(["db", "update", "--db", db, "--concurrency", "0", "--source", `alpine=http://127.0.0.1:${port}/`]);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /^claro: error \[CONFIG_INVALID\]: --concurrency 0 is not a whole number from 1 to 64$/m);
  } finally {
    await new Promise<void>((r) => server.close(() => r()));
    rmSync(dir, { recursive: true, force: true });
  }
});
