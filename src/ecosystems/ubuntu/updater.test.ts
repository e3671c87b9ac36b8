import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import type { Advisory } from "../../core/advisory.js";
import { isFatalError } from "../../core/problem.js";
import type { FeedSource, Updater } from "../../contracts/updater.js";
import { sharedPath } from "../../../test/support/shared.js";
import { createFeedClient } from "../../updater/feed-client.js";
import { ubuntuUpdaters } from "./updater.js";

const ROOT = sharedPath("fixtures", "vulndata", "ubuntu");
const client = createFeedClient({ retries: 0 });

async function load(source: FeedSource): Promise<Map<string, { advisories: Advisory[]; problems: unknown[] }>> {
  const out = new Map<string, { advisories: Advisory[]; problems: unknown[] }>();
  for (const u of await ubuntuUpdaters(source, client)) out.set(u.id, await loadOne(u));
  return out;
}

async function loadOne(u: Updater): Promise<{ advisories: Advisory[]; problems: unknown[] }> {
  const fetched = await u.fetch(null, client);
  assert.equal(fetched.status, "changed");
  const parsed = u.parse(fetched.body);
  const advisories = [...parsed.advisories];
  return { advisories, problems: parsed.problems };
}

const pick = (list: readonly Advisory[], id: string, namespace: string, name: string): Advisory | undefined =>
  list.find((a) => a.id === id && a.namespace === namespace && a.packageName === name);

test("dir: the fixture mirror gives two updaters, osv/ and osv-esm/, with every live CVE entry mapped", async () => {
  const feeds = await load({ kind: "dir", path: ROOT });
  assert.deepEqual([...feeds.keys()], ["ubuntu", "ubuntu/esm"]);
  const main = feeds.get("ubuntu")!;
  const esm = feeds.get("ubuntu/esm")!;
  assert.deepEqual(main.problems, []);
  assert.deepEqual(esm.problems, []);
  // osv/: CVE-2016-20013 has 30 entries, CVE-2021-3782 4, CVE-2026-1403 1. CVE-2013-2208 and
  // CVE-2020-36325 are withdrawn, and USN-5614-1 restates CVE-2021-3782's fixes: all skipped.
  assert.equal(main.advisories.length, 35);
  // osv-esm/: CVE-2014-9913 2 + CVE-2022-24823 8; CVE-2014-2901 is withdrawn.
  assert.equal(esm.advisories.length, 10);
  const all = [...main.advisories, ...esm.advisories];
  for (const gone of ["CVE-2013-2208", "CVE-2020-36325", "CVE-2014-2901"]) assert.ok(!all.some((a) => a.id === gone), gone);
  assert.ok(!all.some((a) => a.id.startsWith("USN-")));
  for (const a of all) {
    assert.equal(a.packageKind, "source");
    assert.equal(a.versionScheme, "dpkg");
    assert.match(a.namespace, /^ubuntu:[0-9]{2}\.[0-9]{2}(:esm)?$/);
  }

  const wayland = pick(main.advisories, "CVE-2021-3782", "ubuntu:22.04", "wayland");
  assert.deepEqual(
    wayland && {
      status: wayland.status,
      fixed: wayland.fixedVersion,
      introduced: wayland.introducedVersion,
      sev: wayland.severity,
      vendor: wayland.vendorSeverity,
      aliases: wayland.aliases,
      cvss: wayland.cvss,
    },
    {
      status: "fixed",
      fixed: "1.20.0-1ubuntu0.1",
      introduced: null,
      sev: "medium",
      vendor: "medium",
      aliases: ["UBUNTU-CVE-2021-3782", "USN-5614-1", "USN-5614-2"],
      // The feed lists the same vector twice (NVD and Ubuntu); it is kept once.
      cvss: [{ version: "3.1", vector: "CVSS:3.1/AV:L/AC:L/PR:L/UI:N/S:U/C:L/I:L/A:H", score: null, source: "ubuntu" }],
    },
  );
  assert.ok(wayland?.links.includes("https://ubuntu.com/security/CVE-2021-3782"));
  assert.equal(pick(main.advisories, "CVE-2021-3782", "ubuntu:16.04:esm", "wayland")?.fixedVersion, "1.12.0-1~ubuntu16.04.3+esm1");

  const glibc = pick(main.advisories, "CVE-2016-20013", "ubuntu:22.04", "glibc");
  assert.deepEqual(glibc && [glibc.status, glibc.fixedVersion, glibc.severity, glibc.vendorSeverity], ["affected", null, "negligible", "negligible"]);
  assert.equal(pick(main.advisories, "CVE-2016-20013", "ubuntu:20.04:esm", "glibc")?.status, "affected");
  assert.equal(pick(main.advisories, "CVE-2016-20013", "ubuntu:20.04", "glibc"), undefined, "filed under Pro only");

  const gitlab = pick(main.advisories, "CVE-2026-1403", "ubuntu:16.04", "gitlab");
  assert.deepEqual(gitlab && [gitlab.status, gitlab.description, gitlab.cvss], ["affected", null, []], "placeholder description dropped");

  const netty = pick(esm.advisories, "CVE-2022-24823", "ubuntu:22.04:esm", "netty");
  assert.deepEqual(netty && [netty.status, netty.fixedVersion, netty.severity], ["fixed", "1:4.1.48-4+deb11u2ubuntu0.1~esm1", "low"]);
  assert.equal(pick(esm.advisories, "CVE-2022-24823", "ubuntu:25.10", "netty")?.status, "affected");
  assert.equal(pick(esm.advisories, "CVE-2014-9913", "ubuntu:14.04:esm", "unzip")?.fixedVersion, "6.0-9ubuntu1.6");
  assert.equal(pick(esm.advisories, "CVE-2014-9913", "ubuntu:16.04", "unzip")?.fixedVersion, "6.0-20ubuntu1.1");
});

test("Ubuntu files each (CVE, package, release) under one ecosystem: never both standard and Pro", async () => {
  const feeds = await load({ kind: "dir", path: ROOT });
  const seen = new Set<string>();
  for (const { advisories } of feeds.values()) {
    for (const a of advisories) {
      const key = `${a.id} ${a.packageName} ${a.namespace.replace(/:esm$/, "")}`;
      assert.ok(!seen.has(key), key);
      seen.add(key);
    }
  }
});

test("file: one OSV JSON; dir pointed at osv-esm itself is the ESM updater", async () => {
  const one = await load({ kind: "file", path: join(ROOT, "osv", "cve", "2021", "UBUNTU-CVE-2021-3782.json") });
  assert.deepEqual([...one.keys()], ["ubuntu"]);
  assert.deepEqual(
    one.get("ubuntu")!.advisories.map((a) => [a.namespace, a.fixedVersion]),
    [
      ["ubuntu:16.04:esm", "1.12.0-1~ubuntu16.04.3+esm1"],
      ["ubuntu:18.04", "1.16.0-1ubuntu1.1~18.04.4"],
      ["ubuntu:20.04", "1.18.0-1ubuntu0.1"],
      ["ubuntu:22.04", "1.20.0-1ubuntu0.1"],
    ],
  );
  const esm = await load({ kind: "dir", path: join(ROOT, "osv-esm") });
  assert.deepEqual([...esm.keys()], ["ubuntu/esm"]);
  assert.equal(esm.get("ubuntu/esm")!.advisories.length, 10);
});

test("an unchanged mirror directory is not re-imported", async () => {
  const [u] = await ubuntuUpdaters({ kind: "dir", path: join(ROOT, "osv") }, client);
  const first = await u!.fetch(null, client);
  assert.equal(first.status, "changed");
  assert.deepEqual(await u!.fetch(first.status === "changed" ? first.fingerprint : null, client), { status: "unchanged" });
});

test("a truncated file is FEED_INVALID; a record that breaks the schema is a problem and the rest loads", async () => {
  const dir = mkdtempSync(join(tmpdir(), "claro-ubuntu-"));
  const real = readFileSync(join(ROOT, "osv", "cve", "2021", "UBUNTU-CVE-2021-3782.json"));
  mkdirSync(join(dir, "cve", "2021"), { recursive: true });
  writeFileSync(join(dir, "cve", "2021", "UBUNTU-CVE-2021-3782.json"), real.subarray(0, 1500));
  const [truncated] = await ubuntuUpdaters({ kind: "dir", path: dir }, client);
  const fetched = await truncated!.fetch(null, client);
  assert.equal(fetched.status, "changed");
  assert.throws(
    () => [...truncated!.parse(fetched.status === "changed" ? fetched.body : Buffer.alloc(0)).advisories],
    (e: unknown) => isFatalError(e) && e.code === "FEED_INVALID" && e.message.includes("UBUNTU-CVE-2021-3782.json"),
  );

  const record = JSON.parse(real.toString("utf8")) as { affected: { package?: unknown }[] };
  delete record.affected[0]!.package;
  writeFileSync(join(dir, "cve", "2021", "UBUNTU-CVE-2021-3782.json"), JSON.stringify(record));
  writeFileSync(join(dir, "cve", "2021", "UBUNTU-CVE-2026-1403.json"), readFileSync(join(ROOT, "osv", "cve", "2026", "UBUNTU-CVE-2026-1403.json")));
  const feeds = await load({ kind: "dir", path: dir });
  const { advisories, problems } = feeds.get("ubuntu")!;
  assert.deepEqual(
    advisories.map((a) => a.id),
    ["CVE-2026-1403"],
  );
  assert.equal(problems.length, 1);
  assert.match(JSON.stringify(problems[0]), /UBUNTU-CVE-2021-3782\.json: affected\.0\.package/);
});

function zipOf(dir: string): Buffer {
  const out = join(mkdtempSync(join(tmpdir(), "claro-ubuntu-zip-")), "all.zip");
  // Flat, like OSV.dev's all.zip: `-j` drops the directories.
  execFileSync("zip", ["-q", "-r", "-j", out, "."], { cwd: dir });
  return readFileSync(out);
}

test("file and url: the OSV.dev all.zip layout, over a real HTTP server; a cut-off zip is FEED_INVALID", async () => {
  const zip = zipOf(join(ROOT, "osv"));
  const base = mkdtempSync(join(tmpdir(), "claro-ubuntu-all-"));
  writeFileSync(join(base, "all.zip"), zip);
  const fromFile = await load({ kind: "file", path: join(base, "all.zip") });
  assert.equal(fromFile.get("ubuntu")!.advisories.length, 35);

  const server = createServer((req, res) => {
    if (req.url === "/mirror/Ubuntu/all.zip") res.writeHead(200, { "content-type": "application/zip" }).end(zip);
    else if (req.url === "/cut/all.zip") res.writeHead(200).end(zip.subarray(0, zip.length - 100));
    else res.writeHead(404).end();
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  try {
    const port = (server.address() as AddressInfo).port;
    const fromUrl = await load({ kind: "url", url: `http://127.0.0.1:${port}/mirror` });
    assert.deepEqual(
      fromUrl
        .get("ubuntu")!
        .advisories.map((a) => `${a.id} ${a.namespace} ${a.packageName} ${a.status} ${a.fixedVersion}`)
        .sort(),
      fromFile
        .get("ubuntu")!
        .advisories.map((a) => `${a.id} ${a.namespace} ${a.packageName} ${a.status} ${a.fixedVersion}`)
        .sort(),
    );
    const [cut] = await ubuntuUpdaters({ kind: "url", url: `http://127.0.0.1:${port}/cut/all.zip` }, client);
    const fetched = await cut!.fetch(null, client);
    assert.equal(fetched.status, "changed");
    assert.throws(
      () => cut!.parse(fetched.status === "changed" ? fetched.body : Buffer.alloc(0)),
      (e: unknown) => isFatalError(e) && e.code === "FEED_INVALID",
    );
  } finally {
    server.close();
  }
});
