import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, it } from "node:test";
import { parse as parseYaml } from "yaml";
import type { Advisory } from "../../core/advisory.js";
import type { Package } from "../../core/package.js";
import { compareApk2 } from "../../formats/apk/version.js";
import { fsFeedClient } from "../../formats/apk/testdata/fs-feed-client.js";
import { sharedPath } from "../../../test/support/shared.js";
import { alpineMatcher, alpineNamespace } from "./matcher.js";
import { alpine396 } from "./testdata/alpine396.js";
import { alpineUpdaters } from "./updater.js";

async function feedAdvisories(dir: string): Promise<Advisory[]> {
  const client = fsFeedClient();
  const out: Advisory[] = [];
  for (const u of await alpineUpdaters({ kind: "dir", path: dir }, client)) {
    const o = await u.fetch(null, client);
    if (o.status === "changed") out.push(...u.parse(o.body).advisories);
  }
  return out;
}

/** What the matching engine does with one matcher: query by its keys, then ask isAffected. */
function match(packages: readonly Package[], advisories: readonly Advisory[], distribution = alpine396().distribution): string[] {
  const found: string[] = [];
  for (const pkg of packages) {
    if (!alpineMatcher.handles(pkg, distribution)) continue;
    for (const q of alpineMatcher.queries(pkg, distribution)) {
      for (const a of advisories) {
        if (a.namespace !== q.namespace || a.packageName !== q.packageName || a.packageKind !== q.packageKind) continue;
        if (a.status !== "not_affected" && alpineMatcher.isAffected(pkg, a)) found.push(`${pkg.name} ${a.id} ${a.fixedVersion}`);
      }
    }
  }
  return found.sort();
}

const V39 = sharedPath("fixtures", "vulndata", "alpine", "secdb-yaml", "v3.9");

/**
 * The expectation, from first principles over the raw YAML: a package is affected by a CVE
 * listed for its origin when it is older (apk-tools-vector-validated order) than every version
 * the CVE is listed under; `0` entries never affect.
 */
function bruteForce(packages: readonly Package[], files: readonly string[], strictlyBelow = true): string[] {
  const listings = new Map<string, Map<string, string[]>>();
  for (const f of files) {
    const doc = parseYaml(readFileSync(f, "utf8"), { schema: "failsafe" }) as { packages: { pkg: { name: string; secfixes?: Record<string, string[]> } }[] };
    for (const { pkg } of doc.packages) {
      for (const [version, entries] of Object.entries(pkg.secfixes ?? {})) {
        for (const entry of entries) {
          const byId = listings.get(pkg.name) ?? new Map<string, string[]>();
          byId.set(entry, [...(byId.get(entry) ?? []), version]);
          listings.set(pkg.name, byId);
        }
      }
    }
  }
  const out: string[] = [];
  for (const p of packages) {
    for (const [entry, versions] of listings.get(p.source?.name ?? p.name) ?? []) {
      assert.match(entry, /^CVE-\d{4}-\d+$/, "the brute force reads plain single-CVE entries only");
      if (versions.includes("0")) continue;
      const below = versions.every((v) => (strictlyBelow ? compareApk2(p.version, v) < 0 : compareApk2(p.version, v) <= 0));
      if (below) out.push(`${p.name} ${entry} ${[...versions].sort(compareApk2)[0]}`);
    }
  }
  return out.sort();
}

describe("alpine 3.9.6 against the real v3.9 secdb (main + community)", async () => {
  const { distribution, packages } = alpine396();
  const advisories = await feedAdvisories(V39);

  it("the image has 14 apk packages and the query namespace is alpine:3.9", () => {
    assert.equal(packages.length, 14);
    assert.equal(distribution.versionId, "3.9.6");
    assert.equal(alpineNamespace(distribution), "alpine:3.9");
  });

  it("findings equal the brute-force expectation over the raw YAML", () => {
    const files = [`${V39}/main.yaml`, `${V39}/community.yaml`];
    assert.deepEqual(match(packages, advisories), bruteForce(packages, files));
  });

  it("the feed implies no finding at all: its fixes for these origins are at or below the installed versions", () => {
    assert.deepEqual(match(packages, advisories), []);
  });

  it("packages AT the fixed version are not reported (a `<=` would report exactly these)", () => {
    const files = [`${V39}/main.yaml`, `${V39}/community.yaml`];
    const wrongWithLessOrEqual = bruteForce(packages, files, false);
    assert.deepEqual(wrongWithLessOrEqual, [
      "busybox CVE-2018-20679 1.29.3-r10",
      "busybox CVE-2019-5747 1.29.3-r10",
      "musl CVE-2019-14697 1.1.20-r5",
      "musl-utils CVE-2019-14697 1.1.20-r5",
      "ssl_client CVE-2018-20679 1.29.3-r10",
      "ssl_client CVE-2019-5747 1.29.3-r10",
    ]);
    for (const line of wrongWithLessOrEqual) {
      const [name, id] = line.split(" ");
      const pkg = packages.find((p) => p.name === name)!;
      const adv = advisories.find((a) => a.id === id && a.packageName === (pkg.source?.name ?? pkg.name))!;
      assert.equal(adv.fixedVersion, pkg.version, `${name} is exactly at the fix`);
      assert.equal(alpineMatcher.isAffected(pkg, adv), false);
    }
  });

  it("subpackages are matched through their origin (libcrypto1.1/libssl1.1 → openssl)", () => {
    const libssl = packages.find((p) => p.name === "libssl1.1")!;
    assert.deepEqual(alpineMatcher.queries(libssl, distribution), [{ namespace: "alpine:3.9", packageName: "openssl", packageKind: "source" }]);
    const openssl = advisories.filter((a) => a.packageName === "openssl");
    assert.ok(openssl.length >= 6);
    // 1.1.1g-r0 is newer than every openssl fix the 2019 feed lists (1.1.1d-r0 and below).
    assert.ok(openssl.every((a) => !alpineMatcher.isAffected(libssl, a)));
  });

  it("the 2019 v3.9 feed has no zlib or apk-tools records, nor CVE-2020-1971 / CVE-2021-36159", () => {
    assert.equal(advisories.filter((a) => a.packageName === "zlib" || a.packageName === "apk-tools").length, 0);
    assert.equal(advisories.filter((a) => a.id === "CVE-2020-1971" || a.id === "CVE-2021-36159").length, 0);
  });
});

describe("positive matches of the same packages, by version, against the v3.15 sample (vunnel input)", async () => {
  const { packages } = alpine396();
  const v315 = await feedAdvisories(sharedPath("fixtures", "vulndata", "alpine", "vunnel", "input", "secdb"));

  it("zlib 1.2.11-r1 is below the v3.15 fixes for CVE-2018-25032 and CVE-2022-37434", () => {
    const zlib = packages.find((p) => p.name === "zlib")!;
    const hits = v315.filter((a) => a.packageName === "zlib" && alpineMatcher.isAffected(zlib, a)).map((a) => `${a.id} ${a.fixedVersion}`);
    assert.deepEqual(hits.sort(), ["CVE-2018-25032 1.2.12-r0", "CVE-2022-37434 1.2.12-r2"]);
    const fixedZlib = { ...zlib, version: "1.2.12-r2" };
    assert.deepEqual(
      v315.filter((a) => a.packageName === "zlib" && alpineMatcher.isAffected(fixedZlib, a)),
      [],
    );
  });
});

describe("alpineMatcher scope", () => {
  it("handles apk packages on Alpine only, and reads edge snapshots as edge", () => {
    const { packages, distribution } = alpine396();
    assert.equal(alpineMatcher.handles(packages[0]!, distribution), true);
    assert.equal(alpineMatcher.handles(packages[0]!, { ...distribution, id: "wolfi" }), false);
    assert.equal(alpineMatcher.handles(packages[0]!, null), false);
    assert.equal(alpineNamespace({ versionId: "3.21.0_alpha20240807", prettyName: "Alpine Linux edge" }), "alpine:edge");
    assert.equal(alpineNamespace({ versionId: "3.20.3", prettyName: null }), "alpine:3.20");
  });
});
