import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import type { Advisory } from "../../core/advisory.js";
import type { Distribution } from "../../core/distribution.js";
import type { Package } from "../../core/package.js";
import { parseDpkgStatus } from "../../formats/dpkg/status.js";
import { imageStatus } from "../../formats/dpkg/testdata/image-status.js";
import { sharedPath } from "../../../test/support/shared.js";
import { debianMatcher } from "./matcher.js";
import { debPurl } from "../../formats/dpkg/scanner.js";
import { parseDebianFeed } from "./updater.js";

const BOOKWORM: Distribution = { id: "debian", versionId: "12", codename: "bookworm", prettyName: null };
const LAYER = `sha256:${"1".repeat(64)}` as const;

function packagesOf(ref: string): Package[] {
  const { records } = parseDpkgStatus(imageStatus(sharedPath("images/debian-bookworm.oci.tar"), ref), "var/lib/dpkg/status");
  return records.map((r) => ({
    name: r.name,
    version: r.version,
    type: "deb",
    arch: r.architecture,
    source: r.source,
    purl: debPurl(r, { distribution: BOOKWORM }),
    layer: LAYER,
    foundIn: "var/lib/dpkg/status",
  }));
}

/** A tiny in-memory store: the matcher's queries answered from the parsed feed. */
function match(pkgs: Package[], advisories: Advisory[]): { pkg: Package; adv: Advisory }[] {
  const out: { pkg: Package; adv: Advisory }[] = [];
  for (const pkg of pkgs) {
    if (!debianMatcher.handles(pkg, BOOKWORM)) continue;
    for (const q of debianMatcher.queries(pkg, BOOKWORM)) {
      for (const adv of advisories) {
        if (adv.namespace === q.namespace && adv.packageName === q.packageName && adv.packageKind === q.packageKind && debianMatcher.isAffected(pkg, adv))
          out.push({ pkg, adv });
      }
    }
  }
  return out;
}

test("derived bookworm feed against the real images gives the counts its README measured", () => {
  // README (derived-bookworm): entries whose fixed_version > installed source version:
  // minbase 16 (4 sources: apt, pam, pcre2, perl; 8 binaries); multilayer 69 (7 sources; 15 binaries).
  const advisories = [...parseDebianFeed(readFileSync(sharedPath("fixtures/vulndata/debian/derived-bookworm/data.json"))).advisories];
  for (const [ref, entries, sources, binaries] of [
    ["bookworm-minbase", 16, 4, 8],
    ["bookworm-multilayer", 69, 7, 15],
  ] as const) {
    const found = match(packagesOf(ref), advisories);
    assert.equal(new Set(found.map((f) => `${f.adv.packageName}/${f.adv.id}`)).size, entries, ref);
    assert.equal(new Set(found.map((f) => f.adv.packageName)).size, sources, ref);
    assert.equal(new Set(found.map((f) => f.pkg.name)).size, binaries, ref);
  }
  const multi = match(packagesOf("bookworm-multilayer"), advisories);
  const names = new Set(multi.map((f) => f.pkg.name));
  for (const n of ["openssl", "libssl3", "libexpat1", "python3.11", "libpython3.11-stdlib", "python3.11-minimal"]) assert.ok(names.has(n), n);
  assert.deepEqual([...new Set(match(packagesOf("bookworm-minbase"), advisories).map((f) => f.adv.packageName))].sort(), ["apt", "pam", "pcre2", "perl"]);
});

function pkg(over: Partial<Package> = {}): Package {
  return {
    name: "libexpat1",
    version: "2.5.0-1+deb12u2",
    type: "deb",
    arch: "amd64",
    source: { name: "expat", version: "2.5.0-1+deb12u2" },
    purl: "",
    layer: LAYER,
    foundIn: "",
    ...over,
  };
}

function adv(over: Partial<Advisory> = {}): Advisory {
  return {
    id: "CVE-X",
    aliases: [],
    namespace: "debian:12",
    packageName: "expat",
    packageKind: "source",
    versionScheme: "dpkg",
    status: "fixed",
    fixedVersion: "2.5.0-1+deb12u3",
    introducedVersion: null,
    severity: "high",
    vendorSeverity: "high",
    cvss: [],
    description: null,
    links: [],
    updater: "debian",
    ...over,
  };
}

test("fixed: strictly below the fixed version is affected; at or above is not", () => {
  assert.equal(debianMatcher.isAffected(pkg(), adv()), true);
  assert.equal(debianMatcher.isAffected(pkg(), adv({ fixedVersion: "2.5.0-1+deb12u2" })), false, "equal is fixed");
  assert.equal(debianMatcher.isAffected(pkg(), adv({ fixedVersion: "2.5.0-1~deb12u1" })), false, "~ sorts first");
  assert.equal(debianMatcher.isAffected(pkg(), adv({ fixedVersion: "1:1.0" })), true, "epoch wins");
});

test("unfixed statuses are affected, not_affected is not, and introducedVersion bounds the range", () => {
  for (const status of ["affected", "will_not_fix", "fix_deferred", "end_of_life"] as const) {
    assert.equal(debianMatcher.isAffected(pkg(), adv({ status, fixedVersion: null })), true, status);
  }
  assert.equal(debianMatcher.isAffected(pkg(), adv({ status: "not_affected", fixedVersion: null })), false);
  assert.equal(debianMatcher.isAffected(pkg(), adv({ introducedVersion: "2.6.0-1" })), false);
  assert.equal(debianMatcher.isAffected(pkg(), adv({ versionScheme: "apk" })), false);
});

test("queries by source name in the release namespace; binary name when there is no source", () => {
  assert.deepEqual(debianMatcher.queries(pkg(), BOOKWORM), [{ namespace: "debian:12", packageName: "expat", packageKind: "source" }]);
  assert.deepEqual(debianMatcher.queries(pkg({ source: null, name: "zlib1g" }), { ...BOOKWORM, versionId: "unstable" }), [
    { namespace: "debian:unstable", packageName: "zlib1g", packageKind: "source" },
  ]);
  assert.equal(debianMatcher.handles(pkg(), { ...BOOKWORM, id: "ubuntu" }), false);
  assert.equal(debianMatcher.handles(pkg({ type: "apk" }), BOOKWORM), false);
  assert.equal(debianMatcher.handles(pkg(), null), false);
});
