import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { computeBaseScore } from "./cvss-score.js";

// Expected values are NVD's published base scores for these vectors (CVE-2022-1576 in the
// vunnel single-entry fixture carries 6.5 / 4.3) and FIRST's v4.0 calculator for the last.
describe("computeBaseScore (ae-cvss-calculator)", () => {
  it("scores v2, v3.0, v3.1 and v4.0 vectors", () => {
    assert.equal(computeBaseScore("3.1", "CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:U/C:N/I:H/A:N"), 6.5);
    assert.equal(computeBaseScore("2.0", "AV:N/AC:M/Au:N/C:N/I:P/A:N"), 4.3);
    assert.equal(computeBaseScore("3.0", "CVSS:3.0/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H"), 9.8);
    assert.equal(computeBaseScore("4.0", "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N"), 9.3);
  });
  it("gives null for a vector it cannot read", () => {
    assert.equal(computeBaseScore("3.1", "not a vector"), null);
  });
});
