import assert from "node:assert/strict";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import type { Advisory } from "../../../core/advisory.js";
import type { Package } from "../../../core/package.js";
import { apkPackageScanner } from "../scanner.js";
import { fsFeedClient } from "./fs-feed-client.js";
import { memoryTree, MEMORY_LAYER } from "../../../../test/support/memory-tree.js";
import { sharedPath } from "../../../../test/support/shared.js";
import type { Ecosystem } from "../../../contracts/ecosystem.js";

/**
 * The shared test suite of the secdb-fed "rolling" apk distributions (Wolfi, Chainguard): each
 * ecosystem's index.test.ts runs it with its own name, feed fixtures and upstream URL.
 */
export function rollingEcosystemSuite(eco: Ecosystem, name: string, upstreamUrl: string): void {
  const DIR = sharedPath("fixtures", "vulndata", name, "secdb");
  async function advisories(): Promise<Advisory[]> {
    const client = fsFeedClient();
    const [u, ...rest] = await eco.updaters({ kind: "dir", path: DIR }, client);
    assert.equal(rest.length, 0);
    assert.equal(u!.id, name);
    const o = await u!.fetch(null, client);
    assert.equal(o.status, "changed");
    return o.status === "changed" ? [...u!.parse(o.body).advisories] : [];
  }

  describe(`${name} ecosystem`, () => {
    it(`detects ${name} from os-release only`, () => {
      const [scanner] = eco.distributionScanners;
      const found = scanner!.scan(memoryTree({ "etc/os-release": `ID=${name}\nNAME="${name}"\nVERSION_ID=20230201\n` })).found;
      assert.deepEqual(
        found.map((d) => [d.id, d.versionId, d.codename]),
        [[name, "20230201", null]],
      );
      assert.deepEqual(scanner!.scan(memoryTree({ "etc/os-release": "ID=alpine\n" })).found, []);
    });

    it("shares the one apk package scanner", () => {
      assert.deepEqual(eco.packageScanners, [apkPackageScanner]);
    });

    it("sources: upstream URL, mirror URL, dir and file all point at security.json", async () => {
      const seen: string[] = [];
      const client = { get: async (l: string) => (seen.push(l), { status: "unchanged" as const }), listDir: async () => [] };
      for (const source of [
        { kind: "upstream" as const },
        { kind: "url" as const, url: "http://mirror.local/x" },
        { kind: "dir" as const, path: "/m" },
        { kind: "file" as const, path: "/f.json" },
      ]) {
        for (const u of await eco.updaters(source, client)) await u.fetch(null, client);
      }
      assert.deepEqual(seen, [upstreamUrl, "http://mirror.local/x/security.json", "/m/security.json", "/f.json"]);
    });

    it(`every record is an origin-keyed apk advisory in ${name}:rolling; 0 means not affected`, async () => {
      const all = await advisories();
      assert.ok(all.length > 0);
      assert.ok(all.every((a) => a.namespace === `${name}:rolling` && a.packageKind === "source" && a.versionScheme === "apk" && a.updater === name));
      assert.ok(all.every((a) => (a.status === "not_affected") === (a.fixedVersion === null)));
    });

    it("matches through the origin, strictly below the fixed version", async () => {
      const all = await advisories();
      const fixed = all.find((a) => a.status === "fixed")!;
      const distribution = { id: name, versionId: "20230201", codename: null, prettyName: null };
      const tree = memoryTree({ "lib/apk/db/installed": `P:${fixed.packageName}-sub\nV:0.0.1-r0\nA:x86_64\no:${fixed.packageName}\n` });
      const pkg: Package = { ...apkPackageScanner.scan(tree, { distribution }).found[0]!, layer: MEMORY_LAYER };
      assert.ok(pkg.purl.startsWith(`pkg:apk/${name}/`));
      assert.equal(eco.matcher.handles(pkg, distribution), true);
      assert.equal(eco.matcher.handles(pkg, { ...distribution, id: "alpine" }), false);
      assert.deepEqual(eco.matcher.queries(pkg, distribution), [{ namespace: `${name}:rolling`, packageName: fixed.packageName, packageKind: "source" }]);
      assert.equal(eco.matcher.isAffected(pkg, fixed), true);
      assert.equal(eco.matcher.isAffected({ ...pkg, version: fixed.fixedVersion! }, fixed), false);
    });

    it("agrees with vunnel's snapshots where they exist", async () => {
      const snapDir = sharedPath("fixtures", "vulndata", name, "vunnel-expected", "secdb", `${name}:rolling`);
      if (!existsSync(snapDir)) return assert.equal(name, "wolfi", "only wolfi lacks snapshots");
      const ours = new Set((await advisories()).map((a) => [a.id, a.namespace, a.packageName, a.fixedVersion ?? "0", a.links[0]].join(" ")));
      const files = readdirSync(snapDir);
      assert.ok(files.length > 50);
      for (const f of files) {
        const v = (
          JSON.parse(readFileSync(join(snapDir, f), "utf8")) as {
            item: { Vulnerability: { Name: string; Link: string; FixedIn: { Name: string; NamespaceName: string; Version: string }[] } };
          }
        ).item.Vulnerability;
        for (const fix of v.FixedIn)
          assert.ok(ours.has([v.Name, fix.NamespaceName, fix.Name, fix.Version, v.Link].join(" ")), `${f}: ${fix.Name} ${fix.Version}`);
      }
    });
  });
}
