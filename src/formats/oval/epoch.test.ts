import assert from "node:assert/strict";
import { test } from "node:test";
import { sharedPath } from "../../../test/support/shared.js";
import { mariner } from "../../ecosystems/mariner/index.js";
import { oracle } from "../../ecosystems/oracle/index.js";
import { photon } from "../../ecosystems/photon/index.js";
import { canonicalEvr, rpmVersion } from "../rpm/version.js";
import { loadFeed } from "./testdata/load.js";

// Issue 12 (7): one rule for every rpm source: a zero epoch is not written (`0:1.2-3` is
// `1.2-3`), as Red Hat's CSAF purls and Amazon's pages have it; other epochs stay.
test("canonicalEvr drops only a zero epoch, and never changes the order", () => {
  assert.equal(canonicalEvr("0:7.61.1-3.ph3"), "7.61.1-3.ph3");
  assert.equal(canonicalEvr("00:1.0-1"), "1.0-1");
  assert.equal(canonicalEvr("1:2.4.47-2"), "1:2.4.47-2");
  assert.equal(canonicalEvr("10:1.0-1"), "10:1.0-1");
  assert.equal(canonicalEvr("1.0-1"), "1.0-1");
  for (const v of ["0:7.61.1-3.ph3", "00:1.0-1"]) assert.equal(rpmVersion.compare(v, canonicalEvr(v)), 0);
});

const FEEDS = [
  ["oracle", oracle.updaters, sharedPath("fixtures", "vulndata", "oracle", "oval", "elsa-mock_data.xml"), "file"],
  ["photon", photon.updaters, sharedPath("fixtures", "vulndata", "photon", "oval", "com.vmware.phsa-photon3.xml"), "file"],
  ["azure linux", mariner.updaters, sharedPath("fixtures", "vulndata", "mariner", "oval"), "dir"],
] as const;

for (const [name, updaters, path, kind] of FEEDS) {
  test(`${name} OVAL: no record writes a 0: epoch in its versions`, async () => {
    const { records } = await loadFeed(updaters, { kind, path });
    assert.ok(records.length > 0);
    const zero = records.flatMap((r) => [r.fixedVersion, r.introducedVersion, r.lastAffectedVersion ?? null]).filter((v) => v !== null && /^0+:/.test(v));
    assert.deepEqual(zero.slice(0, 3), []);
  });
}
