import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import type { Package } from "../../core/package.js";
import { isFatalError } from "../../core/problem.js";
import { sharedPath } from "../../../test/support/shared.js";
import { distributionCases } from "../../formats/oval/testdata/dist-cases.js";
import { loadFeed } from "../../formats/oval/testdata/load.js";
import { localFeedClient } from "../../formats/oval/testdata/file-client.js";
import { createFeedClient, runUpdates } from "../../updater/index.js";
import { openStore } from "../../store/index.js";
import { ORACLE_OVAL_URL, oracle, oracleDistributionScanner, oracleNamespace } from "./index.js";

const FILE = sharedPath("fixtures", "vulndata", "oracle", "oval", "elsa-mock_data.xml");
distributionCases(join(import.meta.dirname, "testdata", "dist"), oracleDistributionScanner);

test("vunnel's ELSA mock: tests it lacks are read from criterion comments, as vunnel does; two ELSAs in ol:5 and ol:6", async () => {
  const { ids, records, problems } = await loadFeed(oracle.updaters, { kind: "file", path: FILE });
  assert.deepEqual(ids, ["oracle"]);
  const bind = ["bind-devel", "bind-sdb", "bind-libs", "bind-libbind-devel", "bind-utils", "bind-chroot", "bind", "caching-nameserver"];
  const uek = ["kernel-uek", "kernel-uek-debug", "kernel-uek-debug-devel", "kernel-uek-devel", "kernel-uek-doc", "kernel-uek-firmware"];
  assert.deepEqual(
    new Set(records.map((r) => `${r.namespace} ${r.packageName} ${r.fixedVersion} ${r.id}`)),
    new Set([...bind.map((p) => `ol:5 ${p} 30:9.3.3-8.el5 ELSA-2007-0057`), ...uek.map((p) => `ol:6 ${p} 2.6.39-400.302.2.el6uek ELSA-2018-4250`)]),
  );
  const b = records.find((r) => r.packageName === "bind")!;
  assert.deepEqual(b.aliases, ["CVE-2007-0493", "CVE-2007-0494"]);
  assert.equal(b.severity, "medium");
  assert.equal(b.vendorSeverity, "MODERATE");
  assert.equal(records.find((r) => r.packageName === "kernel-uek")!.severity, "high");
  // The mock's dangling refs are reported, not silently absorbed.
  assert.ok(problems.some((p) => p.kind === "bad-feed-record" && p.detail.startsWith("criterion read from its comment")));
});

test("oracle matcher: ol 5.11 queries ol:5; epoch 30 dominates", async () => {
  const { records } = await loadFeed(oracle.updaters, { kind: "file", path: FILE });
  const d = { id: "ol", versionId: "5.11", codename: null, prettyName: null };
  assert.equal(oracleNamespace(d), "ol:5");
  const pkg = (version: string): Package => ({
    name: "bind",
    version,
    type: "rpm",
    arch: "x86_64",
    source: null,
    purl: "",
    layer: `sha256:${"0".repeat(64)}`,
    foundIn: "",
  });
  const rec = records.find((r) => r.packageName === "bind")!;
  assert.deepEqual(oracle.matcher.queries(pkg("x"), d)[0], { namespace: "ol:5", packageName: "bind", packageKind: "binary" });
  assert.equal(oracle.matcher.isAffected(pkg("30:9.3.3-7.el5"), rec), true);
  assert.equal(oracle.matcher.isAffected(pkg("9.9.9-1.el5"), rec), true);
  assert.equal(oracle.matcher.isAffected(pkg("30:9.3.3-8.el5"), rec), false);
  assert.equal(oracle.matcher.handles(pkg("1"), { ...d, id: "rhel" }), false);
});

/** The fixture compressed by Debian's `bzip2` into a fresh directory, or null when the binary is missing. */
function bzip2Fixture(): { dir: string; bz: string; bytes: Buffer } | null {
  let bytes: Buffer;
  try {
    bytes = execFileSync("bzip2", ["-c", "-9", FILE]);
  } catch {
    return null;
  }
  const dir = mkdtempSync(join(tmpdir(), "claro-oracle-"));
  const bz = join(dir, "com.oracle.elsa-all.xml.bz2");
  writeFileSync(bz, bytes);
  return { dir, bz, bytes };
}

test("upstream is Oracle's .xml.bz2; its bytes are read as bzip2 by magic, whatever the file is called", async (t) => {
  const [u] = await oracle.updaters({ kind: "upstream" }, localFeedClient);
  assert.equal(u!.id, "oracle");
  assert.ok(ORACLE_OVAL_URL.endsWith(".xml.bz2"));
  const fx = bzip2Fixture();
  if (!fx) return t.skip("no bzip2 binary (apt-get install bzip2)");
  try {
    assert.equal(fx.bytes.subarray(0, 3).toString("latin1"), "BZh");
    const plain = await loadFeed(oracle.updaters, { kind: "file", path: FILE });
    assert.equal(plain.records.length, 14);
    // The .bz2 as a file, in a mirror directory, and renamed to .xml (only the magic bytes tell).
    assert.deepEqual(await loadFeed(oracle.updaters, { kind: "file", path: fx.bz }), plain);
    assert.deepEqual(await loadFeed(oracle.updaters, { kind: "dir", path: fx.dir }), plain);
    const renamed = join(fx.dir, "renamed", "elsa-all.xml");
    mkdirSync(join(fx.dir, "renamed"));
    copyFileSync(fx.bz, renamed);
    assert.deepEqual(await loadFeed(oracle.updaters, { kind: "file", path: renamed }), plain);

    // Per-year files are one updater each, unless the all-years file is there to supersede them.
    const years = join(fx.dir, "years");
    mkdirSync(years);
    for (const y of ["2007", "2018"]) copyFileSync(fx.bz, join(years, `com.oracle.elsa-${y}.xml.bz2`));
    assert.deepEqual(
      (await oracle.updaters({ kind: "dir", path: years }, localFeedClient)).map((u) => u.id),
      ["oracle/2007", "oracle/2018"],
    );
    copyFileSync(fx.bz, join(years, "com.oracle.elsa-all.xml.bz2"));
    assert.deepEqual(
      (await oracle.updaters({ kind: "dir", path: years }, localFeedClient)).map((u) => u.id),
      ["oracle"],
    );
  } finally {
    rmSync(fx.dir, { recursive: true, force: true });
  }
});

test("url source: the .xml.bz2 over HTTP through the engine's feed client parses to the same records", async (t) => {
  const fx = bzip2Fixture();
  if (!fx) return t.skip("no bzip2 binary");
  const server = createServer((_req, res) => res.writeHead(200, { "content-type": "application/x-bzip2" }).end(fx.bytes));
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  try {
    const client = createFeedClient();
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/security/oval/com.oracle.elsa-all.xml.bz2`;
    const [u] = await oracle.updaters({ kind: "url", url }, client);
    const got = await u!.fetch(null, client);
    assert.equal(got.status, "changed");
    if (got.status !== "changed") return;
    assert.deepEqual(got.body, fx.bytes);
    const out = u!.parse(got.body);
    const records = [...out.advisories];
    const plain = await loadFeed(oracle.updaters, { kind: "file", path: FILE });
    assert.deepEqual({ records, problems: out.problems }, { records: plain.records, problems: plain.problems });
  } finally {
    await new Promise<void>((r) => server.close(() => r()));
    rmSync(fx.dir, { recursive: true, force: true });
  }
});

test("a truncated or corrupt .bz2 fails the update with one FEED_INVALID line, and the previous data stays", async (t) => {
  const fx = bzip2Fixture();
  if (!fx) return t.skip("no bzip2 binary");
  const store = await openStore(`sqlite:${join(fx.dir, "claro.sqlite")}`);
  try {
    const client = createFeedClient();
    const plans = [{ ecosystem: "oracle", factory: oracle.updaters, source: { kind: "file", path: fx.bz } as const }];
    const [first] = await runUpdates(plans, store, client);
    assert.deepEqual([first!.status, first!.recordCount], ["changed", 14]);

    const [u] = await oracle.updaters({ kind: "file", path: fx.bz }, client);
    const flipped = Buffer.from(fx.bytes);
    flipped[Math.floor(flipped.length / 2)]! ^= 0x10;
    for (const [body, why] of [
      [fx.bytes.subarray(0, Math.floor(fx.bytes.length * 0.6)), /ends early/],
      [flipped, /checksum mismatch|invalid bzip2 data/],
      [Buffer.from("BZh91AY&SY"), /ends early/],
    ] as const) {
      assert.throws(
        () => u!.parse(body),
        (e) =>
          isFatalError(e) &&
          e.code === "FEED_INVALID" &&
          /^oracle: the bzip2 feed is corrupt or truncated/.test(e.message) &&
          why.test(e.message) &&
          !e.message.includes("\n"),
      );
    }

    writeFileSync(fx.bz, fx.bytes.subarray(0, Math.floor(fx.bytes.length * 0.6)));
    const [second] = await runUpdates(plans, store, client);
    assert.equal(second!.status, "failed");
    assert.match(second!.error ?? "", /^oracle: the bzip2 feed is corrupt or truncated \(it ends early\)$/);
    assert.equal(await store.countAdvisories(), 14);
    const kept = await store.find([{ namespace: "ol:5", packageName: "bind", packageKind: "binary" }]);
    assert.deepEqual(
      kept.map((a) => [a.id, a.fixedVersion]),
      [["ELSA-2007-0057", "30:9.3.3-8.el5"]],
    );
  } finally {
    await store.close();
    rmSync(fx.dir, { recursive: true, force: true });
  }
});
