import assert from "node:assert/strict";
import { readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { test } from "node:test";
import { registeredMatchers, registeredScanners } from "../../src/cli/pipeline.js";
import { hostileRpmDbSqlite, type HostileSqlite } from "../../src/formats/rpm/testdata/hostile-sqlite.js";
import { sha256Digest } from "../../src/image/digests.js";
import { gzip, makeTar, writeOciLayout } from "../../src/image/testdata/synthetic.js";
import { buildServer, DEFAULT_SERVER_CONFIG } from "../../src/server/build-server.js";
import { PostgresIndexQueue } from "../../src/server/jobs/index-queue-pg.js";
import type { ServerDeps } from "../../src/server/index-service.js";
import { PostgresIndexJobs } from "../../src/store/postgres/index-queue.js";
import { openIndexStore } from "../../src/store/open-index-store.js";
import { openStore } from "../../src/store/open-store.js";
import { adminQuery, dropSchema, pgTestUrl, uniqueSchema, withSchema } from "../support/postgres.js";
import { sharedPath } from "../support/shared.js";
import { claroLimited, hostileDir } from "./limits.js";

// Issue 9 §2: an rpmdb.sqlite whose `Packages` is a VIEW over an endless recursive query ran
// forever while SQLite's temporary sort file grew by gigabytes. Now the schema is checked first
// and the read runs in a worker under a deadline: exit 2, one line naming the file, in seconds.

const OS_RELEASE = 'NAME="Rocky Linux"\nID="rocky"\nID_LIKE="rhel centos fedora"\nVERSION_ID="9.3"\n';
// Unbounded before the fix; the limit only has to tell "ends" from "never ends". Where the
// machine is idle a run takes 2 to 3 s (the read is refused before any row is asked for).
const LIMITS = { timeoutMs: 240_000, maxRssMb: 400 } as const; // hang guard; the deadline under test is the worker's own
const MAX_TEMP_BYTES = 10 * 1024 * 1024;

function rpmLayer(rpmdb: Buffer): Promise<Buffer> {
  return makeTar([
    { name: "etc/os-release", content: OS_RELEASE },
    { name: "var/lib/rpm/rpmdb.sqlite", content: rpmdb },
  ]);
}

async function rpmImage(rpmdb: Buffer): Promise<string> {
  const dir = await writeOciLayout([{ tar: await rpmLayer(rpmdb) }], "claro-hostile-rpmdb-");
  process.on("exit", () => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** Pids whose command line names `marker` (the CLI run under test; its temp dir is unique). */
function pidsNaming(marker: string): number[] {
  const pids: number[] = [];
  for (const name of readdirSync("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    try {
      if (readFileSync(`/proc/${name}/cmdline`, "utf8").includes(marker)) pids.push(Number(name));
    } catch {
      // gone meanwhile
    }
  }
  return pids;
}

/**
 * The largest regular file the process held open while it ran. SQLite unlinks its temporary files
 * as it opens them, so they are only visible through /proc/<pid>/fd.
 */
function watchOpenFiles(marker: string): () => number {
  let largest = 0;
  const timer = setInterval(() => {
    for (const pid of pidsNaming(marker)) {
      let fds: string[] = [];
      try {
        fds = readdirSync(`/proc/${pid}/fd`);
      } catch {
        continue;
      }
      for (const fd of fds) {
        try {
          const st = statSync(`/proc/${pid}/fd/${fd}`);
          if (st.isFile()) largest = Math.max(largest, st.size);
        } catch {
          // closed meanwhile
        }
      }
    }
  }, 100);
  return () => {
    clearInterval(timer);
    return largest;
  };
}

for (const [kind, cause] of [
  ["endless-view", /Packages is a view, not a table/],
  ["wrong-columns", /table Packages has columns \(hnum, blob, extra\)/],
] as [HostileSqlite, RegExp][]) {
  test(`a hostile rpmdb.sqlite (${kind}) ends with exit 2 and one line naming the file`, async () => {
    const image = await rpmImage(hostileRpmDbSqlite(kind));
    const stop = watchOpenFiles(image);
    const run = await claroLimited(["sbom", "--format", "json", `oci:${image}:test`], LIMITS);
    const largestOpenFile = stop();
    assert.equal(run.killed, null, `killed for ${run.killed} (peak RSS ${run.peakRssMb.toFixed(0)} MB)`);
    assert.equal(run.code, 2, run.stderr);
    const lines = run.stderr.trim().split("\n");
    assert.match(lines[0] ?? "", /^claro: error \[PACKAGE_DB_REJECTED\]: var\/lib\/rpm\/rpmdb\.sqlite: rpm database \(sqlite\) refused: /);
    assert.match(lines[0] ?? "", cause);
    assert.ok(
      lines.every((l) => l.startsWith("claro: ")),
      run.stderr,
    );
    assert.equal(run.stdout, "");
    // The image's own blob files are a few KB; only a temporary file could grow past this.
    assert.ok(largestOpenFile < MAX_TEMP_BYTES, `an open file reached ${largestOpenFile} bytes`);
  });
}

test("a real rpmdb.sqlite still reads through the worker: packages listed, exit 0", async () => {
  const image = await rpmImage(readFileSync(sharedPath("fixtures/pkgdb/rpmdb/sqlite/cbl-mariner-2.0/rpmdb.sqlite")));
  const run = await claroLimited(["sbom", "--format", "json", `oci:${image}:test`], LIMITS);
  assert.equal(run.killed, null);
  assert.equal(run.code, 0, run.stderr);
  const sbom = JSON.parse(run.stdout) as { packages: { name: string; purl: string }[]; problems: unknown[] };
  assert.deepEqual(sbom.problems, []);
  assert.equal(sbom.packages.length, 129);
  assert.match(sbom.packages.find((p) => p.name === "bash")?.purl ?? "", /^pkg:rpm\/rocky\/bash@/);
});

// In the server one such job froze the process (no heartbeat), so its lease expired and the next
// instance took it over and froze too. Now the job ends at once, failed, and is not claimed again.
test("server: the index job of a hostile rpmdb fails once (422 PACKAGE_DB_REJECTED, IndexError) and is not retried", async () => {
  const blob = gzip(await rpmLayer(hostileRpmDbSqlite("endless-view")));
  const layerServer = createServer((_req, res) => res.writeHead(200, { "content-type": "application/octet-stream" }).end(blob));
  await new Promise<void>((resolve) => layerServer.listen(0, "127.0.0.1", resolve));
  const schema = uniqueSchema();
  const url = withSchema(await pgTestUrl(), schema);
  const deps: ServerDeps = {
    indexStore: await openIndexStore(url),
    advisoryStore: await openStore(`sqlite:${join(hostileDir("rpmdb-server"), "advisories.sqlite")}`),
    scanners: registeredScanners(),
    matchers: registeredMatchers(),
  };
  const app = await buildServer(deps, {
    ...DEFAULT_SERVER_CONFIG,
    logger: false,
    indexQueue: new PostgresIndexQueue(new PostgresIndexJobs(url), { pollMs: 200 }),
  });
  const manifest = {
    hash: sha256Digest(`hostile-rpmdb-${schema}`),
    layers: [
      {
        hash: sha256Digest(blob),
        uri: `http://127.0.0.1:${(layerServer.address() as AddressInfo).port}/layer`,
        media_type: "application/vnd.oci.image.layer.v1.tar+gzip",
      },
    ],
  };
  try {
    await app.ready();
    const res = await app.inject({
      method: "POST",
      url: "/indexer/api/v1/index_report",
      headers: { "content-type": "application/vnd.clair.manifest.v1+json" },
      payload: JSON.stringify(manifest),
    });
    // The client sent an image that cannot be indexed: its fault, not the server's (no 5xx).
    assert.equal(res.statusCode, 422, res.body);
    assert.match(res.body, /PACKAGE_DB_REJECTED/);
    assert.match(res.body, /Packages is a view/);
    const jobs = await adminQuery<{ state: string; attempts: number; error_code: string | null }>(
      `SELECT state, attempts, error_code FROM "${schema}".index_jobs`,
    );
    assert.deepEqual(jobs, [{ state: "failed", attempts: 1, error_code: "PACKAGE_DB_REJECTED" }]);
    const stored = await deps.indexStore.get(manifest.hash);
    assert.equal(stored?.state, "IndexError");
    assert.match(stored?.error ?? "", /^PACKAGE_DB_REJECTED: var\/lib\/rpm\/rpmdb\.sqlite: /);
  } finally {
    await app.close();
    await Promise.all([deps.indexStore.close(), deps.advisoryStore.close()]);
    layerServer.close();
    await dropSchema(schema);
  }
});
