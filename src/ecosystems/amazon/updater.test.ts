import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import type { Advisory } from "../../core/advisory.js";
import { createFeedClient } from "../../updater/index.js";
import { sharedPath } from "../../../test/support/shared.js";
import { amazonUpdaters } from "./updater.js";

const ALAS_DIR = sharedPath("fixtures/vulndata/amazon/alas");
const VUNNEL = sharedPath("fixtures/vulndata/amazon/vunnel-expected");

async function loadAll(): Promise<Map<string, { advisories: Advisory[]; problems: unknown[] }>> {
  const client = createFeedClient();
  const updaters = await amazonUpdaters({ kind: "dir", path: ALAS_DIR }, client);
  const out = new Map<string, { advisories: Advisory[]; problems: unknown[] }>();
  for (const u of updaters) {
    const got = await u.fetch(null, client);
    assert.equal(got.status, "changed");
    if (got.status !== "changed") continue;
    const parsed = u.parse(got.body);
    out.set(u.id, { advisories: [...parsed.advisories], problems: parsed.problems });
  }
  return out;
}

interface VunnelRecord {
  item: { Vulnerability: { Name: string; NamespaceName: string; Severity: string; FixedIn: { Name: string; Version: string; NamespaceName: string }[] } };
}

test("the vunnel fixture directory gives one updater per release, with no problems", async () => {
  const all = await loadAll();
  assert.deepEqual([...all.keys()].sort(), ["amazon/2", "amazon/2022", "amazon/2023"]);
  for (const [id, { advisories, problems }] of all) {
    assert.deepEqual(problems, [], id);
    assert.ok(advisories.length > 0, id);
  }
});

test("every vunnel expected record: the same (package, fixed version, ALAS id) set and severity", async () => {
  const all = await loadAll();
  for (const ns of readdirSync(VUNNEL).sort()) {
    const release = ns.replace(/^amzn:/, "");
    const mine = all.get(`amazon/${release}`);
    assert.ok(mine, `no updater for ${ns}`);
    for (const file of readdirSync(join(VUNNEL, ns))) {
      const v = (JSON.parse(readFileSync(join(VUNNEL, ns, file), "utf8")) as VunnelRecord).item.Vulnerability;
      const want = new Set(v.FixedIn.map((f) => `${f.Name} ${f.Version} ${v.Name}`));
      const got: Set<string> = new Set(
        mine.advisories.filter((a) => a.id === v.Name || a.aliases.includes(v.Name)).map((a) => `${a.packageName} ${a.fixedVersion} ${v.Name}`),
      );
      assert.deepEqual([...got].sort(), [...want].sort(), `${ns}/${file}`);
      for (const a of mine.advisories) {
        assert.equal(a.namespace, `amazon:${release}`);
        // vunnel capitalises claro's names; `important` is High in both.
        assert.equal(a.severity, v.Severity.toLowerCase());
      }
    }
  }
});

test("ALAS-2018-939 (AL2 kernel): CVE ids with the ALAS as alias, src build as a source record, fixed EVR", async () => {
  const al2 = (await loadAll()).get("amazon/2")!.advisories;
  const kernel = al2.filter((a) => a.packageName === "kernel" && a.packageKind === "binary");
  assert.deepEqual(kernel.map((a) => a.id).sort(), ["CVE-2017-5715", "CVE-2017-5754"]);
  for (const a of kernel) {
    assert.deepEqual(a.aliases, ["ALAS-2018-939"]);
    assert.equal(a.fixedVersion, "4.9.76-38.79.amzn2");
    assert.equal(a.status, "fixed");
    assert.equal(a.packageKind, "binary");
    assert.equal(a.versionScheme, "rpm");
    assert.equal(a.vendorSeverity, "critical");
    assert.equal(a.severity, "critical");
    assert.deepEqual(a.links, ["https://alas.aws.amazon.com/AL2/ALAS-2018-939.html"]);
    assert.match(a.description ?? "", /^An updated kernel release for Amazon Linux/);
    assert.match(a.description ?? "", /<i>sudo yum update kernel<\/i>/);
  }
  // 13 binary names and the `kernel` SRPM, x 2 CVEs.
  assert.equal(al2.filter((a) => a.packageKind === "binary").length, 26);
  assert.deepEqual(
    al2
      .filter((a) => a.packageKind === "source")
      .map((a) => `${a.packageName} ${a.id} ${a.fixedVersion}`)
      .sort(),
    ["kernel CVE-2017-5715 4.9.76-38.79.amzn2", "kernel CVE-2017-5754 4.9.76-38.79.amzn2"],
  );
});

test("ALAS-2023-126: AL2023 page heading id kept as a second alias; important → high", async () => {
  const al2023 = (await loadAll()).get("amazon/2023")!.advisories;
  const kpartx = al2023.filter((a) => a.packageName === "kpartx");
  assert.deepEqual(kpartx.map((a) => a.id).sort(), ["CVE-2022-3787", "CVE-2022-41973", "CVE-2022-41974"]);
  for (const a of kpartx) {
    assert.deepEqual(a.aliases, ["ALAS-2023-126", "ALAS2023-2023-126"]);
    assert.equal(a.fixedVersion, "0.8.7-16.amzn2023.0.1");
    assert.equal(a.vendorSeverity, "important");
    assert.equal(a.severity, "high");
  }
});

test("a single RSS file as --source finds its pages beside it", async () => {
  const client = createFeedClient();
  const [u] = await amazonUpdaters({ kind: "file", path: join(ALAS_DIR, "2022_rss.xml") }, client);
  assert.equal(u!.id, "amazon/2022");
  const got = await u!.fetch(null, client);
  assert.equal(got.status, "changed");
  if (got.status !== "changed") return;
  const vim = [...u!.parse(got.body).advisories].filter((a) => a.packageName === "vim-minimal");
  assert.deepEqual(vim.map((a) => `${a.id} ${a.fixedVersion} ${a.severity}`).sort(), [
    "CVE-2021-3778 8.2.3512-1.amzn2022 medium",
    "CVE-2021-3796 8.2.3512-1.amzn2022 medium",
    "CVE-2021-3872 8.2.3512-1.amzn2022 medium",
    "CVE-2021-3875 8.2.3512-1.amzn2022 medium",
  ]);
  // Unchanged RSS: no page is fetched again and nothing is written.
  assert.deepEqual(await u!.fetch(got.fingerprint, client), { status: "unchanged" });
});

test("upstream: one updater per release, named by release", async () => {
  const ids = (await amazonUpdaters({ kind: "upstream" }, createFeedClient())).map((u) => u.id);
  assert.deepEqual(ids, ["amazon/1", "amazon/2", "amazon/2022", "amazon/2023"]);
});
