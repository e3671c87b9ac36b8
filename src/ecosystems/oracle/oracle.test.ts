import assert from "node:assert/strict";
import { join } from "node:path";
import { test } from "node:test";
import type { Package } from "../../core/package.js";
import { isFatalError } from "../../core/problem.js";
import { sharedPath } from "../../../test/support/shared.js";
import { distributionCases } from "../../formats/oval/testdata/dist-cases.js";
import { loadFeed } from "../../formats/oval/testdata/load.js";
import { localFeedClient } from "../../formats/oval/testdata/file-client.js";
import { oracle, oracleDistributionScanner, oracleNamespace } from "./index.js";

const FILE = sharedPath("fixtures", "vulndata", "oracle", "oval", "elsa-mock_data.xml");
distributionCases(join(import.meta.dirname, "testdata", "dist"), oracleDistributionScanner);

test("vunnel's ELSA mock: tests it lacks are read from criterion comments, as vunnel does; two ELSAs in ol:5 and ol:6", async () => {
  const { ids, records, problems } = await loadFeed(oracle.updaters, { kind: "file", path: FILE });
  assert.deepEqual(ids, ["oracle"]);
  const bind = ["bind-devel", "bind-sdb", "bind-libs", "bind-libbind-devel", "bind-utils", "bind-chroot", "bind", "caching-nameserver"];
  const uek = ["kernel-uek", "kernel-uek-debug", "kernel-uek-debug-devel", "kernel-uek-devel", "kernel-uek-doc", "kernel-uek-firmware"];
  assert.deepEqual(new Set(records.map((r) => `${r.namespace} ${r.packageName} ${r.fixedVersion} ${r.id}`)), new Set([
    ...bind.map((p) => `ol:5 ${p} 30:9.3.3-8.el5 ELSA-2007-0057`),
    ...uek.map((p) => `ol:6 ${p} 0:2.6.39-400.302.2.el6uek ELSA-2018-4250`),
  ]));
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
  const pkg = (version: string): Package => ({ name: "bind", version, type: "rpm", arch: "x86_64", source: null, purl: "", layer: `sha256:${"0".repeat(64)}`, foundIn: "" });
  const rec = records.find((r) => r.packageName === "bind")!;
  assert.deepEqual(oracle.matcher.queries(pkg("x"), d)[0], { namespace: "ol:5", packageName: "bind", packageKind: "binary" });
  assert.equal(oracle.matcher.isAffected(pkg("30:9.3.3-7.el5"), rec), true);
  assert.equal(oracle.matcher.isAffected(pkg("9.9.9-1.el5"), rec), true);
  assert.equal(oracle.matcher.isAffected(pkg("30:9.3.3-8.el5"), rec), false);
  assert.equal(oracle.matcher.handles(pkg("1"), { ...d, id: "rhel" }), false);
});

test("upstream is the bz2 ELSA file: parse refuses bzip2 with a decompress hint", async () => {
  const [u] = await oracle.updaters({ kind: "upstream" }, localFeedClient);
  assert.equal(u!.id, "oracle");
  assert.throws(() => u!.parse(Buffer.from("BZh91AY&SY")), (e) => isFatalError(e) && e.code === "FEED_INVALID");
});
