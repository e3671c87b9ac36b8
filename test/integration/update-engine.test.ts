import assert from "node:assert/strict";
import { test } from "node:test";
import type { Advisory } from "../../src/core/advisory.js";
import { FatalError } from "../../src/core/problem.js";
import type { Updater } from "../../src/contracts/updater.js";
import { ecosystems } from "../../src/ecosystems/index.js";
import { openStore } from "../../src/store/index.js";
import { createFeedClient, runUpdates } from "../../src/updater/index.js";
import { sharedPath } from "../support/shared.js";

function advisory(id: string, updater: string): Advisory {
  return {
    id,
    aliases: [],
    namespace: "debian:12",
    packageName: "pkg",
    packageKind: "source",
    versionScheme: "dpkg",
    status: "fixed",
    fixedVersion: "1.0-1",
    introducedVersion: null,
    severity: "low",
    vendorSeverity: "low",
    cvss: [],
    description: null,
    links: [],
    updater,
  };
}

/** An updater whose parse fails after yielding some records, like a feed cut off mid-stream. */
function brokenUpdater(id: string, good: number): Updater {
  return {
    id,
    fetch: async () => ({ status: "changed", body: Buffer.from("x"), fingerprint: "broken" }),
    parse: () => ({
      problems: [],
      advisories: (function* () {
        for (let i = 0; i < good; i++) yield advisory(`CVE-2099-${i}`, id);
        throw new FatalError("FEED_INVALID", `${id}: feed ends in the middle of a record`);
      })(),
    }),
  };
}

test("a feed that fails halfway leaves the previous data and fingerprint; the others still update", async () => {
  const store = await openStore("sqlite::memory:");
  try {
    const feed = sharedPath("fixtures", "vulndata", "debian", "derived-bookworm", "data.json");
    const client = createFeedClient();
    const first = await runUpdates([{ ecosystem: "debian", factory: ecosystems.debian.updaters, source: { kind: "file", path: feed } }], store, client);
    assert.equal(first[0]?.status, "changed");
    const count = await store.countAdvisories();
    const fingerprint = await store.fingerprint("debian");
    assert.ok(count > 400);

    const results = await runUpdates(
      [
        { ecosystem: "debian", factory: async () => [brokenUpdater("debian", 50)], source: { kind: "upstream" } },
        {
          ecosystem: "alpine",
          factory: ecosystems.alpine.updaters,
          source: { kind: "dir", path: sharedPath("fixtures", "vulndata", "alpine", "secdb-yaml", "v3.9") },
        },
      ],
      store,
      client,
    );
    assert.deepEqual(
      results.map((r) => [r.updater, r.status]),
      [
        ["debian", "failed"],
        ["alpine/v3.9/community", "changed"],
        ["alpine/v3.9/main", "changed"],
      ],
    );
    assert.match(results[0]!.error ?? "", /middle of a record/);
    assert.equal(await store.fingerprint("debian"), fingerprint);
    const debianStatus = (await store.status()).find((s) => s.updater === "debian")!;
    assert.equal(debianStatus.lastRun.status, "failed");
    assert.equal(debianStatus.recordCount, count);

    // Same feed again: unchanged, nothing written.
    const again = await runUpdates([{ ecosystem: "debian", factory: ecosystems.debian.updaters, source: { kind: "file", path: feed } }], store, client);
    assert.equal(again[0]?.status, "unchanged");
  } finally {
    await store.close();
  }
});

test("an updater set that finds no feed files is a failure, not a silent success", async () => {
  const store = await openStore("sqlite::memory:");
  try {
    const results = await runUpdates(
      [{ ecosystem: "alpine", factory: ecosystems.alpine.updaters, source: { kind: "dir", path: "/nonexistent-mirror" } }],
      store,
      createFeedClient(),
    );
    assert.equal(results[0]?.status, "failed");
  } finally {
    await store.close();
  }
});
