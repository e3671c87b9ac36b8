import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { claro } from "../../test/support/claro.js";
import { sharedPath } from "../../test/support/shared.js";
import { freePort, startServe, until } from "../../test/integration/serve-cluster-support.js";

const DEBIAN_FEED = sharedPath("fixtures", "vulndata", "debian", "derived-bookworm", "data.json");

interface LogLine {
  readonly level: number;
  readonly msg: string;
  readonly updater?: string;
  readonly outcome?: string;
  readonly records?: number;
  readonly durationMs?: number;
  readonly reason?: string;
}

function logLines(out: string): LogLine[] {
  return out
    .split("\n")
    .filter((l) => l.startsWith("{"))
    .map((l) => JSON.parse(l) as LogLine);
}

test(
  "claro serve logs each updater run (start, outcome, records, duration, reason) and warns once per failing feed; no fastify deprecation warnings",
  { timeout: 180_000 },
  async () => {
    const dir = mkdtempSync(join(tmpdir(), "claro-serve-logs-"));
    const closed = await freePort(); // bound and released: nothing listens there
    const serve = await startServe("logs", `sqlite:${join(dir, "db.sqlite")}`, {}, [
      "--update-period",
      "2s",
      "--source",
      `debian=${DEBIAN_FEED}`,
      "--source",
      `ubuntu=http://127.0.0.1:${closed}/ubuntu.zip`,
    ]);
    try {
      // Three update runs: the failing feed fails in each, and is warned about once.
      await until("three update runs", async () => logLines(serve.log()).filter((l) => l.msg === "update run finished").length >= 3, 150_000);
      serve.child.kill("SIGTERM");
      assert.equal(await serve.exited, 0, serve.log());
      const out = serve.log();
      assert.doesNotMatch(out, /FSTDEP0\d\d|DeprecationWarning|FastifyWarning/, "no fastify deprecation warning at start");
      const lines = logLines(out);
      const started = lines.filter((l) => l.msg === "updater started").map((l) => l.updater);
      assert.ok(started.includes("debian") && started.includes("ubuntu"), `each updater's start is logged: ${started.join(",")}`);
      const finished = lines.filter((l) => l.msg === "updater finished");
      const debian = finished.find((l) => l.updater === "debian" && l.outcome === "changed");
      assert.ok(debian !== undefined && debian.level === 30, "the first debian run is logged at info");
      assert.ok((debian.records ?? 0) > 0 && typeof debian.durationMs === "number", JSON.stringify(debian));
      assert.ok(
        finished.some((l) => l.updater === "debian" && l.outcome === "unchanged"),
        "a later run of the same feed is 'unchanged'",
      );
      const ubuntu = finished.filter((l) => l.updater === "ubuntu");
      assert.ok(ubuntu.length >= 3 && ubuntu.every((l) => l.outcome === "failed" && l.level === 30), JSON.stringify(ubuntu));
      assert.ok(
        ubuntu.every((l) => (l.reason ?? "").includes(`127.0.0.1:${closed}`) && /ECONNREFUSED/.test(l.reason ?? "")),
        "the reason names the feed and the cause",
      );
      const warnings = lines.filter((l) => l.level === 40 && l.updater === "ubuntu");
      assert.equal(warnings.length, 1, `one warning for a feed failing in every run: ${JSON.stringify(warnings)}`);
      assert.match(warnings[0]!.reason ?? "", /ECONNREFUSED/);
      assert.ok(!lines.some((l) => l.level === 40 && l.updater === "debian"), "no warning for a feed that works");
      const totals = lines.find((l) => l.msg === "update run finished") as (LogLine & { changed?: number; failed?: number }) | undefined;
      assert.deepEqual([totals?.changed, totals?.failed], [1, 1], "each run reports its totals");
    } finally {
      if (serve.child.exitCode === null) serve.child.kill("SIGKILL");
      rmSync(dir, { recursive: true, force: true });
    }
  },
);

test("claro serve on a port in use exits 2 with one line naming the port, before any update starts", { timeout: 30_000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), "claro-serve-busy-"));
  const taken = createServer();
  await new Promise<void>((r) => taken.listen(0, "127.0.0.1", r));
  const port = (taken.address() as { port: number }).port;
  try {
    // The default update period: before the fix an update run began and held the process for its fetches.
    const r = await claro([
      "serve",
      "--db",
      `sqlite:${join(dir, "db.sqlite")}`,
      "--listen",
      `127.0.0.1:${port}`,
      "--health-listen",
      `127.0.0.1:${await freePort()}`,
    ]);
    assert.equal(r.code, 2, r.stderr);
    const errors = r.stderr.split("\n").filter((l) => l.startsWith("claro: error"));
    assert.deepEqual(errors, [`claro: error [CONFIG_INVALID]: port ${port} on 127.0.0.1 is already in use`]);
    assert.match(r.stderr, /claro: hint: .*--listen/);
    assert.doesNotMatch(r.stdout + r.stderr, /update run started|updater started/, "no update run began");
    assert.doesNotMatch(r.stderr, /FSTDEP/);
  } finally {
    await new Promise<void>((r) => taken.close(() => r()));
    rmSync(dir, { recursive: true, force: true });
  }
});
