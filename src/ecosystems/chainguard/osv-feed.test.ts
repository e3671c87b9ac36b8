import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import type { Advisory } from "../../core/advisory.js";
import { apkVersion } from "../../formats/apk/version.js";
import { isAffectedByRange } from "../../formats/osv/index.js";
import { osvUpdaterFactory } from "../../feeds/osv/updater.js";
import { fsFeedClient } from "../../formats/apk/testdata/fs-feed-client.js";
import { sharedPath } from "../../../test/support/shared.js";

// Chainguard also publishes its advisories as OSV (packages.cgr.dev/chainguard/osv/: an all.json
// index of ids plus one <id>.json per advisory). claro's chainguard ecosystem reads the secdb; this
// loads the OSV sample through claro's generic OSV updater configured for the `Chainguard`
// ecosystem, and holds it to vunnel's normalised output for the same three advisories.
const OSV_DIR = sharedPath("fixtures", "vulndata", "chainguard", "osv");
const VUNNEL = sharedPath("fixtures", "vulndata", "chainguard", "vunnel-expected", "osv", "chainguard:rolling");

const factory = osvUpdaterFactory({
  id: "chainguard/osv",
  upstreamZipUrl: "https://packages.cgr.dev/chainguard/osv/all.json",
  osvEcosystem: "Chainguard",
  // Chainguard's feed also lists `Wolfi` entries (Wolfi packages installed in Chainguard images);
  // vunnel files them under chainguard:rolling too.
  namespaceOf: (e) => (e === "Chainguard" || e === "Wolfi" ? "chainguard:rolling" : undefined),
  versionScheme: "apk",
});

async function load(): Promise<{ advisories: Advisory[]; problems: readonly unknown[] }> {
  const client = fsFeedClient();
  const [u, ...rest] = await factory({ kind: "dir", path: OSV_DIR }, client);
  assert.equal(rest.length, 0);
  const fetched = await u!.fetch(null, client);
  assert.equal(fetched.status, "changed");
  if (fetched.status !== "changed") return { advisories: [], problems: [] };
  const out = u!.parse(fetched.body);
  return { advisories: [...out.advisories], problems: out.problems };
}

interface VunnelOsv {
  readonly item: { readonly id: string; readonly affected: readonly { package: { name: string }; ranges: { events: Record<string, string>[] }[] }[] };
}

test("the all.json index names exactly the advisory files beside it, none modified after the index says", () => {
  const index = JSON.parse(readFileSync(join(OSV_DIR, "all.json"), "utf8")) as { id: string; modified: string }[];
  const files = readdirSync(OSV_DIR)
    .filter((f) => f !== "all.json")
    .map((f) => f.replace(/\.json$/, ""));
  assert.deepEqual(index.map((e) => e.id).sort(), files.sort());
  // The index keeps sub-second precision the records drop (…08.98Z vs …08Z), so compare as instants.
  for (const e of index) {
    const rec = JSON.parse(readFileSync(join(OSV_DIR, `${e.id}.json`), "utf8")) as { modified: string };
    assert.ok(Date.parse(rec.modified) <= Date.parse(e.modified) && Date.parse(e.modified) - Date.parse(rec.modified) < 1000, e.id);
  }
});

test("loaded by the OSV updater: the same (id, package, introduced, fixed) set as vunnel's snapshots", async () => {
  const { advisories, problems } = await load();
  assert.deepEqual(problems, []);
  const want: string[] = [];
  for (const f of readdirSync(VUNNEL)) {
    const rec = (JSON.parse(readFileSync(join(VUNNEL, f), "utf8")) as VunnelOsv).item;
    for (const a of rec.affected) {
      for (const r of a.ranges) {
        let introduced: string | null = null;
        for (const e of r.events) {
          if (e["introduced"] !== undefined) introduced = e["introduced"] === "0" ? null : e["introduced"];
          if (e["fixed"] !== undefined) want.push(`${rec.id} ${a.package.name} ${introduced} ${e["fixed"]}`);
        }
      }
    }
  }
  const got = advisories.map((a) => `${a.id} ${a.packageName} ${a.introducedVersion} ${a.fixedVersion}`);
  assert.equal(want.length, 11);
  assert.deepEqual(got.sort(), want.sort());
  assert.ok(advisories.every((a) => a.namespace === "chainguard:rolling" && a.versionScheme === "apk" && a.status === "fixed"));
  // The index file (a list of {id, modified}) is valid OSV-shaped JSON with nothing affected: it adds no advisory.
  assert.equal(new Set(advisories.map((a) => a.id)).size, 3);
});

test("apk ordering on the loaded ranges: -r revisions below the fix are affected, the fix is not", async () => {
  const { advisories } = await load();
  const haproxy = advisories.find((a) => a.packageName === "haproxy-2.2")!;
  assert.equal(haproxy.fixedVersion, "2.2.34-r0");
  assert.deepEqual(
    ["2.2.33-r5", "2.2.34-r0", "2.2.34-r1"].map((v) => isAffectedByRange(v, haproxy, apkVersion.compare)),
    [true, false, false],
  );
});
