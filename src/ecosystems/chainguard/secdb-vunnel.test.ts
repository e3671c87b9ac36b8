import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { fsFeedClient } from "../../formats/apk/testdata/fs-feed-client.js";
import { sharedPath } from "../../../test/support/shared.js";
import { chainguard } from "./index.js";

// The shared rolling suite checks that every vunnel snapshot row is among claro's records; this
// checks the converse too, so the two sets are equal: (CVE, package, fixed version or 0).
test("chainguard secdb: claro's (id, package, fixed version) set equals vunnel's snapshots exactly", async () => {
  const client = fsFeedClient();
  const [u] = await chainguard.updaters({ kind: "dir", path: sharedPath("fixtures", "vulndata", "chainguard", "secdb") }, client);
  const fetched = await u!.fetch(null, client);
  assert.equal(fetched.status, "changed");
  if (fetched.status !== "changed") return;
  const out = u!.parse(fetched.body);
  const ours = [...out.advisories].map((a) => `${a.id} ${a.packageName} ${a.fixedVersion ?? "0"}`);
  assert.deepEqual(out.problems, []);
  const dir = sharedPath("fixtures", "vulndata", "chainguard", "vunnel-expected", "secdb", "chainguard:rolling");
  const theirs: string[] = [];
  for (const f of readdirSync(dir)) {
    const v = (JSON.parse(readFileSync(join(dir, f), "utf8")) as { item: { Vulnerability: { Name: string; FixedIn: { Name: string; Version: string }[] } } })
      .item.Vulnerability;
    for (const fix of v.FixedIn) theirs.push(`${v.Name} ${fix.Name} ${fix.Version}`);
  }
  assert.equal(theirs.length, 197);
  assert.deepEqual(ours.sort(), theirs.sort());
});
