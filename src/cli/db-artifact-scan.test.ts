import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer, request, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { claro } from "../../test/support/claro.js";
import { ensureRegistry } from "../../test/support/registry.js";
import { sharedPath } from "../../test/support/shared.js";

const FEED = sharedPath("fixtures", "vulndata", "debian", "derived-bookworm", "data.json");
const IMAGE = `oci-archive:${sharedPath("images", "debian-bookworm.oci.tar")}:bookworm-multilayer`;
const PORT = 5000;

/** Forwards to the real registry and records each request, so a test can say what a scan asked for. */
function countingProxy(target: number): Promise<{ server: Server; port: number; seen: string[] }> {
  const seen: string[] = [];
  const server = createServer((req, res) => {
    seen.push(`${req.method} ${req.url}`);
    const up = request({ host: "127.0.0.1", port: target, method: req.method, path: req.url, headers: req.headers }, (r) => {
      res.writeHead(r.statusCode ?? 502, r.headers);
      r.pipe(res);
    });
    up.on("error", () => res.destroy());
    req.pipe(up);
  });
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve({ server, port: (server.address() as AddressInfo).port, seen })));
}

function findings(stdout: string): unknown {
  return (JSON.parse(stdout) as { vulnerabilities: unknown[] }).vulnerabilities;
}

describe("claro scan --db-repository (real CLI, token-auth registry)", () => {
  const dir = mkdtempSync(join(tmpdir(), "claro-db-repository-"));
  const repo = `claro-test/scan-db-${process.pid}-${Date.now().toString(36)}`;
  const source = `sqlite:${join(dir, "source.sqlite")}`;
  const local = `sqlite:${join(dir, "local.sqlite")}`;
  let proxy: Awaited<ReturnType<typeof countingProxy>> | undefined;
  let ref = "";

  before(async () => {
    const host = await ensureRegistry({ auth: "token" }, PORT);
    proxy = await countingProxy(PORT);
    ref = `127.0.0.1:${proxy.port}/${repo}:latest`;
    const update = await claro(["db", "update", "--db", source, "-q", "--source", `debian=${FEED}`]);
    assert.equal(update.code, 0, update.stderr);
    const push = await claro(["db", "push", `${host}/${repo}:latest`, "--db", source, "-q"]);
    assert.equal(push.code, 0, push.stderr);
  });
  after(() => {
    proxy?.server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("pulls into a missing database, then scans as the source database does", { timeout: 300_000 }, async () => {
    const expected = await claro(["scan", "--format", "json", "--db", source, IMAGE]);
    assert.equal(expected.code, 0, expected.stderr);
    const scan = await claro(["scan", "--format", "json", "--db", local, "--db-repository", ref, IMAGE]);
    assert.equal(scan.code, 0, scan.stderr);
    assert.match(scan.stderr, /^claro: database: pulled 127\.0\.0\.1:\d+\/claro-test\/.* \(sha256:[0-9a-f]{64}, \d+ records\)$/m);
    assert.ok((findings(expected.stdout) as unknown[]).length > 0);
    assert.deepEqual(findings(scan.stdout), findings(expected.stdout));
    assert.equal(proxy!.seen.filter((r) => r.startsWith(`GET /v2/${repo}/blobs/`)).length, 1);
  });

  it("within --db-max-age asks the registry nothing; past it, only the manifest digest (CLARO_DB_REPOSITORY)", { timeout: 300_000 }, async () => {
    proxy!.seen.length = 0;
    const fresh = await claro(["scan", "--format", "json", "--db", local, IMAGE], { CLARO_DB_REPOSITORY: ref });
    assert.equal(fresh.code, 0, fresh.stderr);
    assert.doesNotMatch(fresh.stderr, /claro: database:/);
    assert.equal(proxy!.seen.length, 0, proxy!.seen.join("\n"));

    const stale = await claro(["scan", "--format", "json", "--db", local, "--db-max-age", "0s", IMAGE], { CLARO_DB_REPOSITORY: ref });
    assert.equal(stale.code, 0, stale.stderr);
    assert.match(stale.stderr, /^claro: database: .* up to date \(sha256:[0-9a-f]{64}\)$/m);
    assert.ok(proxy!.seen.length > 0);
    assert.deepEqual(
      proxy!.seen.filter((r) => !r.startsWith("HEAD ")),
      [],
      "only HEAD requests: no manifest body, no blob",
    );
  });

  it("a registry that cannot be reached fails the scan (exit 2) rather than scanning an empty database", { timeout: 120_000 }, async () => {
    const empty = `sqlite:${join(dir, "empty.sqlite")}`;
    const closed = createServer();
    const port = await new Promise<number>((resolve) => closed.listen(0, "127.0.0.1", () => resolve((closed.address() as AddressInfo).port)));
    await new Promise((resolve) => closed.close(resolve));
    const scan = await claro(["scan", "--format", "json", "--db", empty, "--db-repository", `127.0.0.1:${port}/${repo}:latest`, IMAGE]);
    assert.equal(scan.code, 2, scan.stderr);
    assert.match(scan.stderr, /^claro: error \[NETWORK\]: /m);
    assert.equal(scan.stdout, "");
  });
});
