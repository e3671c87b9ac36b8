import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import type { Advisory } from "../../core/advisory.js";
import type { Updater } from "../../contracts/updater.js";
import { fsFeedClient } from "../../formats/apk/testdata/fs-feed-client.js";
import { sharedPath } from "../../../test/support/shared.js";
import { ALPINE_RELEASES, alpineUpdaters } from "./updater.js";

async function collect(updater: Updater): Promise<{ advisories: Advisory[]; problems: number }> {
  const client = fsFeedClient();
  const outcome = await updater.fetch(null, client);
  assert.equal(outcome.status, "changed");
  if (outcome.status !== "changed") throw new Error("unreachable");
  const parsed = updater.parse(outcome.body);
  return { advisories: [...parsed.advisories], problems: parsed.problems.length };
}

describe("alpine updaters: sources", () => {
  it("upstream: one updater per release × repo on secdb.alpinelinux.org", async () => {
    const ups = await alpineUpdaters({ kind: "upstream" }, fsFeedClient());
    const ids = ups.map((u) => u.id);
    assert.ok(ids.includes("alpine/v3.9/main") && ids.includes("alpine/v3.9/community"));
    assert.ok(ids.includes("alpine/v3.22/community") && ids.includes("alpine/edge/main"));
    assert.ok(ids.includes("alpine/v3.2/main") && !ids.includes("alpine/v3.2/community"));
    assert.equal(ALPINE_RELEASES.length, 22);
    const client = { gets: [] as string[], get: async (l: string) => (client.gets.push(l), { status: "unchanged" as const }), listDir: async () => [] };
    await ups.find((u) => u.id === "alpine/v3.9/main")!.fetch(null, client);
    assert.deepEqual(client.gets, ["https://secdb.alpinelinux.org/v3.9/main.json"]);
  });

  it("url: a mirror base with the upstream's relative names", async () => {
    const ups = await alpineUpdaters({ kind: "url", url: "http://mirror.local/secdb" }, fsFeedClient());
    const client = { gets: [] as string[], get: async (l: string) => (client.gets.push(l), { status: "unchanged" as const }), listDir: async () => [] };
    await ups.find((u) => u.id === "alpine/edge/community")!.fetch(null, client);
    assert.deepEqual(client.gets, ["http://mirror.local/secdb/edge/community.json"]);
  });

  it("dir: discovers vX.Y/{main,community}.yaml under the directory", async () => {
    const dir = sharedPath("fixtures", "vulndata", "alpine", "secdb-yaml");
    const ups = await alpineUpdaters({ kind: "dir", path: dir }, fsFeedClient());
    const want = readdirSync(dir)
      .filter((n) => /^v/.test(n))
      .flatMap((r) => readdirSync(join(dir, r)).map((f) => `alpine/${r}/${f.replace(/\.yaml$/, "")}`));
    assert.deepEqual(ups.map((u) => u.id).sort(), want.sort());
    assert.equal(ups.length, 8);
  });

  it("dir: a single release directory (secdb-yaml/v3.9) and JSON files", async () => {
    const ups = await alpineUpdaters({ kind: "dir", path: sharedPath("fixtures", "vulndata", "alpine", "secdb-yaml", "v3.9") }, fsFeedClient());
    assert.deepEqual(ups.map((u) => u.id).sort(), ["alpine/v3.9/community", "alpine/v3.9/main"]);
    const json = await alpineUpdaters({ kind: "dir", path: sharedPath("fixtures", "vulndata", "alpine", "secdb-json") }, fsFeedClient());
    assert.deepEqual(
      json.map((u) => u.id),
      ["alpine/v3.10/community"],
    );
  });

  it("file: named from the document's distroversion and reponame", async () => {
    const ups = await alpineUpdaters(
      { kind: "file", path: sharedPath("fixtures", "vulndata", "alpine", "secdb-json", "v3.10", "community.json") },
      fsFeedClient(),
    );
    assert.deepEqual(
      ups.map((u) => u.id),
      ["alpine/v3.10/community"],
    );
    const { advisories } = await collect(ups[0]!);
    assert.equal(advisories.length, 9);
    assert.ok(advisories.every((a) => a.namespace === "alpine:3.10" && a.updater === "alpine/v3.10/community"));
  });

  it("an unchanged feed answers unchanged on the second fetch", async () => {
    const [u] = await alpineUpdaters({ kind: "file", path: sharedPath("fixtures", "vulndata", "alpine", "secdb-yaml", "v3.9", "main.yaml") }, fsFeedClient());
    const client = fsFeedClient();
    const first = await u!.fetch(null, client);
    assert.equal(first.status, "changed");
    if (first.status !== "changed") return;
    assert.deepEqual(await u!.fetch(first.fingerprint, client), { status: "unchanged" });
  });
});

describe("alpine records against vunnel's snapshots (secdb v3.15)", () => {
  it("every snapshot equals one of our records, and we emit nothing else", async () => {
    const ups = await alpineUpdaters({ kind: "dir", path: sharedPath("fixtures", "vulndata", "alpine", "vunnel", "input", "secdb") }, fsFeedClient());
    assert.deepEqual(ups.map((u) => u.id).sort(), ["alpine/v3.15/community", "alpine/v3.15/main"]);
    const ours: Advisory[] = [];
    for (const u of ups) ours.push(...(await collect(u)).advisories);
    const snapDir = sharedPath("fixtures", "vulndata", "alpine", "vunnel", "snapshots", "3.15");
    const expected: string[] = [];
    for (const f of readdirSync(snapDir)) {
      const v = (JSON.parse(readFileSync(join(snapDir, f), "utf8")) as { item: { Vulnerability: SnapshotVuln } }).item.Vulnerability;
      for (const fix of v.FixedIn)
        expected.push([v.Name, fix.NamespaceName, fix.Name, fix.VersionFormat, fix.Version, v.Link, v.Severity.toLowerCase()].join(" "));
    }
    const got = ours.map((a) => [a.id, a.namespace, a.packageName, a.versionScheme, a.fixedVersion, a.links[0], a.severity].join(" "));
    assert.equal(expected.length, 16);
    assert.deepEqual(got.sort(), expected.sort());
    assert.ok(ours.every((a) => a.packageKind === "source" && a.status === "fixed" && a.vendorSeverity === null));
  });
});

interface SnapshotVuln {
  readonly Name: string;
  readonly Link: string;
  readonly Severity: string;
  readonly FixedIn: readonly { Name: string; NamespaceName: string; Version: string; VersionFormat: string }[];
}
