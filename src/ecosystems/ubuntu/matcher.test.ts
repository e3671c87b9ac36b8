import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { test } from "node:test";
import type { Advisory } from "../../core/advisory.js";
import type { Distribution } from "../../core/distribution.js";
import type { Package } from "../../core/package.js";
import { sharedPath } from "../../../test/support/shared.js";
import { createFeedClient } from "../../updater/feed-client.js";
import { ubuntuMatcher } from "./matcher.js";
import { ubuntuUpdaters } from "./updater.js";

const JAMMY: Distribution = { id: "ubuntu", versionId: "22.04", codename: "jammy", prettyName: "Ubuntu 22.04.4 LTS" };
const LAYER = `sha256:${"0".repeat(64)}` as const;

function pkg(name: string, version: string, source: string, sourceVersion = version): Package {
  return {
    name,
    version,
    type: "deb",
    arch: "amd64",
    source: { name: source, version: sourceVersion },
    purl: `pkg:deb/ubuntu/${name}@${version}`,
    layer: LAYER,
    foundIn: "var/lib/dpkg/status",
  };
}

async function feed(): Promise<Advisory[]> {
  const client = createFeedClient();
  const out: Advisory[] = [];
  for (const u of await ubuntuUpdaters({ kind: "dir", path: sharedPath("fixtures", "vulndata", "ubuntu") }, client)) {
    const f = await u.fetch(null, client);
    if (f.status === "changed") out.push(...u.parse(f.body).advisories);
  }
  return out;
}

/** dpkg itself is the oracle for "installed < fixed". */
function dpkgLessThan(a: string, b: string): boolean {
  return spawnSync("dpkg", ["--compare-versions", a, "lt", b]).status === 0;
}

function matches(p: Package, all: readonly Advisory[]): Advisory[] {
  const qs = ubuntuMatcher.queries(p, JAMMY);
  return all.filter((a) => qs.some((q) => q.namespace === a.namespace && q.packageName === a.packageName) && ubuntuMatcher.isAffected(p, a));
}

test("handles deb packages on ubuntu only; queries the release and its ESM namespace by source name", () => {
  const p = pkg("libwayland-client0", "1.20.0-1", "wayland");
  assert.ok(ubuntuMatcher.handles(p, JAMMY));
  assert.ok(!ubuntuMatcher.handles(p, { id: "debian", versionId: "12", codename: "bookworm", prettyName: null }));
  assert.ok(!ubuntuMatcher.handles({ ...p, type: "apk" }, JAMMY));
  assert.deepEqual(ubuntuMatcher.queries(p, JAMMY), [
    { namespace: "ubuntu:22.04", packageName: "wayland", packageKind: "source" },
    { namespace: "ubuntu:22.04:esm", packageName: "wayland", packageKind: "source" },
  ]);
});

test("jammy against the real feed: fixed by source version (dpkg order), unfixed always, other releases never", async () => {
  const all = await feed();
  const wayland = all.find((a) => a.id === "CVE-2021-3782" && a.namespace === "ubuntu:22.04")!;
  for (const v of ["1.20.0-1", "1.20.0-1ubuntu0.1", "1.20.0-1ubuntu0.1~ppa1", "1.20.0-1ubuntu0.2", "1:1.0-1"]) {
    const p = pkg("libwayland-client0", v, "wayland");
    assert.equal(ubuntuMatcher.isAffected(p, wayland), dpkgLessThan(v, wayland.fixedVersion!), v);
  }
  assert.deepEqual(
    matches(pkg("libwayland-client0", "1.20.0-1", "wayland"), all).map((a) => a.id),
    ["CVE-2021-3782"],
  );
  assert.deepEqual(matches(pkg("libwayland-client0", "1.20.0-1ubuntu0.1", "wayland"), all), []);

  // glibc is open ("needed"/"deferred" upstream) in 22.04: any installed version is affected.
  assert.deepEqual(
    matches(pkg("libc6", "2.35-0ubuntu3.8", "glibc"), all).map((a) => [a.id, a.status, a.severity]),
    [["CVE-2016-20013", "affected", "negligible"]],
  );
  // netty's 22.04 fix is ESM-only: reported against the standard archive's version, with the Pro fix.
  const netty = matches(pkg("libnetty-java", "1:4.1.48-4+deb11u1", "netty"), all);
  assert.deepEqual(
    netty.map((a) => [a.namespace, a.fixedVersion]),
    [["ubuntu:22.04:esm", "1:4.1.48-4+deb11u2ubuntu0.1~esm1"]],
  );
  assert.deepEqual(matches(pkg("libnetty-java", "1:4.1.48-4+deb11u2ubuntu0.1~esm1", "netty"), all), []);
  // gitlab is only filed for 16.04.
  assert.deepEqual(matches(pkg("gitlab", "8.5.8+dfsg-5", "gitlab"), all), []);
});

test("a binNMU-style binary version is not what is compared: the source version is", async () => {
  const all = await feed();
  const wayland = all.find((a) => a.id === "CVE-2021-3782" && a.namespace === "ubuntu:22.04")!;
  assert.equal(ubuntuMatcher.isAffected(pkg("libwayland-client0", "1.20.0-1ubuntu0.1build1", "wayland", "1.20.0-1"), wayland), true);
  const notAffected: Advisory = { ...wayland, status: "not_affected", fixedVersion: null };
  assert.equal(ubuntuMatcher.isAffected(pkg("libwayland-client0", "1.20.0-1", "wayland"), notAffected), false);
  const introduced: Advisory = { ...wayland, status: "affected", fixedVersion: null, introducedVersion: "1.21.0-1" };
  assert.equal(ubuntuMatcher.isAffected(pkg("libwayland-client0", "1.20.0-1", "wayland"), introduced), false);
});
