import assert from "node:assert/strict";
import { test } from "node:test";
import type { Advisory } from "../../core/advisory.js";
import type { Distribution } from "../../core/distribution.js";
import type { Package } from "../../core/package.js";
import { createFeedClient } from "../../updater/index.js";
import { sharedPath } from "../../../test/support/shared.js";
import { amazonMatcher } from "./matcher.js";
import { amazonUpdaters } from "./updater.js";

const AL2: Distribution = { id: "amzn", versionId: "2", codename: null, prettyName: "Amazon Linux 2" };
const AL1: Distribution = { id: "amzn", versionId: "2018.03", codename: null, prettyName: null };

function rpm(name: string, version: string): Package {
  return {
    name,
    version,
    type: "rpm",
    arch: "x86_64",
    source: null,
    purl: `pkg:rpm/amzn/${name}@${version}`,
    layer: `sha256:${"0".repeat(64)}`,
    foundIn: "var/lib/rpm/Packages",
  };
}

async function al2Kernel(): Promise<Advisory> {
  const client = createFeedClient();
  const [u] = await amazonUpdaters({ kind: "file", path: sharedPath("fixtures/vulndata/amazon/alas/2_rss.xml") }, client);
  const got = await u!.fetch(null, client);
  assert.equal(got.status, "changed");
  if (got.status !== "changed") throw new Error("unreachable");
  const a = [...u!.parse(got.body).advisories].find((x) => x.packageName === "kernel" && x.packageKind === "binary" && x.id === "CVE-2017-5754");
  assert.ok(a);
  return a;
}

test("handles rpm packages on Amazon Linux releases with a feed, and queries the binary name", () => {
  const p = rpm("kernel", "4.9.75-1.56.amzn2");
  assert.equal(amazonMatcher.handles(p, AL2), true);
  assert.deepEqual(amazonMatcher.queries(p, AL2), [{ namespace: "amazon:2", packageName: "kernel", packageKind: "binary" }]);
  assert.deepEqual(amazonMatcher.queries(p, AL1), [{ namespace: "amazon:1", packageName: "kernel", packageKind: "binary" }]);
  assert.equal(amazonMatcher.handles(p, null), false);
  assert.equal(amazonMatcher.handles(p, { id: "centos", versionId: "7", codename: null, prettyName: null }), false);
  assert.equal(amazonMatcher.handles(p, { ...AL2, versionId: "2031" }), false);
  assert.equal(amazonMatcher.handles({ ...p, type: "deb" }, AL2), false);
});

test("ALAS-2018-939: below the fixed EVR is affected; AT the fixed EVR and above are not", async () => {
  const a = await al2Kernel();
  assert.equal(a.fixedVersion, "4.9.76-38.79.amzn2");
  assert.equal(amazonMatcher.isAffected(rpm("kernel", "4.9.75-1.56.amzn2"), a), true);
  assert.equal(amazonMatcher.isAffected(rpm("kernel", "4.9.76-38.78.amzn2"), a), true);
  assert.equal(amazonMatcher.isAffected(rpm("kernel", "4.9.76-38.79.amzn2"), a), false);
  assert.equal(amazonMatcher.isAffected(rpm("kernel", "4.9.77-41.59.amzn2"), a), false);
  // rpm order, not string order: 4.14 > 4.9.
  assert.equal(amazonMatcher.isAffected(rpm("kernel", "4.14.33-51.37.amzn2"), a), false);
  // An epoch outranks any version.
  assert.equal(amazonMatcher.isAffected(rpm("kernel", "1:4.9.0-1.amzn2"), a), false);
});

test("extras topics only apply within their version stream (no real extras ALAS is in the fixtures)", async () => {
  const base = await al2Kernel();
  // Shaped like ALAS2KERNEL-5.10-2022-001 from the AL2 feed: kernel 5.10 from the extras topic.
  const extras: Advisory = { ...base, aliases: ["ALAS2KERNEL-5.10-2022-001"], fixedVersion: "5.10.75-79.358.amzn2" };
  assert.equal(amazonMatcher.isAffected(rpm("kernel", "4.14.248-189.473.amzn2"), extras), false);
  assert.equal(amazonMatcher.isAffected(rpm("kernel", "5.10.68-62.173.amzn2"), extras), true);
  assert.equal(amazonMatcher.isAffected(rpm("kernel", "5.10.75-79.358.amzn2"), extras), false);
  // A topic whose number is not the package's version stream compares as usual.
  const corretto: Advisory = {
    ...base,
    packageName: "java-1.8.0-amazon-corretto",
    aliases: ["ALAS2CORRETTO8-2023-001"],
    fixedVersion: "1:1.8.0_372.b07-1.amzn2",
  };
  assert.equal(amazonMatcher.isAffected(rpm("java-1.8.0-amazon-corretto", "1:1.8.0_362.b08-1.amzn2"), corretto), true);
});
