import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { repoRoot } from "../../test/support/shared.js";
import { renderTable, summaryLine, tableReporter } from "./table-reporter.js";
import { busyboxReport, cleanReport, vulnerabilityReport } from "./testdata/fixture.js";
import { targetsReport } from "./testdata/targets-fixture.js";

// UPDATE_GOLDEN=1 rewrites the `want` files; review the diff.
const update = process.env["UPDATE_GOLDEN"] === "1";

function golden(name: string, got: string): string {
  const path = join(repoRoot, "src", "report", "testdata", name);
  if (update) writeFileSync(path, got);
  return readFileSync(path, "utf8");
}

const ESC = "\u001b[";

describe("table reporter", () => {
  it("matches the golden table without colour", () => {
    const got = renderTable(vulnerabilityReport, { color: false, width: 120 });
    assert.equal(got, golden("want-table.txt", got));
    assert.equal(got.includes(ESC), false, "no ANSI codes when colour is off");
  });

  for (const width of [100, 200]) {
    it(`fits ${width} columns, one section per target, OS first`, () => {
      const got = [vulnerabilityReport, targetsReport].map((r) => renderTable(r, { color: false, width })).join("\n\f\n");
      assert.equal(got, golden(`want-table-${width}.txt`, got));
      for (const line of got.split("\n")) assert.ok([...line].length <= width, `wider than ${width}: ${line}`);
      const headings = renderTable(targetsReport, { color: false, width })
        .split("\n")
        .filter((l) => / \((deb|golang|npm)\)$/.test(l));
      assert.deepEqual(headings, ["debian 12 (deb)", "app/package-lock.json (npm)", "usr/bin/fzf (golang)"]);
      // The id is never wrapped or cut, whatever the width.
      for (const id of ["GHSA-c2qf-rxjj-qqgw", "CVE-2024-24790", "TEMP-0000000-ABCDEF"]) assert.ok(got.includes(` ${id} `), id);
      assert.doesNotMatch(got, /│ - /, "no dangling dash for a finding without a title");
    });
  }

  it("defaults to 120 columns when stdout is not a terminal", () => {
    if (process.stdout.isTTY) return;
    assert.equal(renderTable(targetsReport, { color: false }), renderTable(targetsReport, { color: false, width: 120 }));
  });

  it("colours severities when asked, and only changes the colour", () => {
    const coloured = tableReporter.render(vulnerabilityReport, { color: true, width: 120 });
    assert.ok(coloured.includes(`${ESC}1;31mCRITICAL${ESC}0m`));
    assert.ok(coloured.includes(`${ESC}31mHIGH${ESC}0m`));
    assert.ok(coloured.includes(`${ESC}33mMEDIUM${ESC}0m`));
    // Stripping the codes gives back the plain render.
    const stripped = coloured.replace(/\u001b\[[0-9;]*m/g, "");
    assert.equal(stripped, renderTable(vulnerabilityReport, { color: false, width: 120 }));
  });

  it("groups rows by package, most severe first within a package", () => {
    const out = renderTable(vulnerabilityReport, { color: false });
    const ids = [...out.matchAll(/(CVE-\d+-\d+|TEMP-[\w-]+)/g)].map((m) => m[1]);
    const firstSeen = ids.filter((id, i) => ids.indexOf(id) === i);
    assert.deepEqual(firstSeen, ["TEMP-0000000-ABCDEF", "CVE-2024-9999", "CVE-2010-4756", "CVE-2025-0002", "CVE-2025-0001", "CVE-2025-0003"]);
    assert.equal(out.match(/│ libc6 /g)?.length, 1, "the library cell spans the package's rows");
  });

  it("prints Trivy's summary line, with NEGLIGIBLE only when present", () => {
    assert.equal(summaryLine(vulnerabilityReport.vulnerabilities), "Total: 7 (UNKNOWN: 1, NEGLIGIBLE: 1, LOW: 1, MEDIUM: 1, HIGH: 2, CRITICAL: 1)");
    assert.equal(summaryLine([]), "Total: 0 (UNKNOWN: 0, LOW: 0, MEDIUM: 0, HIGH: 0, CRITICAL: 0)");
  });

  it("says explicitly when a successful analysis found nothing", () => {
    const got = renderTable(cleanReport, { color: false });
    assert.equal(got, golden("want-table-clean.txt", got));
    assert.match(got, /^No vulnerabilities found in 6 packages\.$/m);
    assert.doesNotMatch(got, /WARN/);
  });

  it("says plainly that there is no package database, and no vulnerability count", () => {
    const got = renderTable(busyboxReport, { color: false });
    assert.equal(got, golden("want-table-busybox.txt", got));
    assert.match(got, /No package database was found/);
    assert.match(got, /unknown OS, 0 packages/);
    assert.doesNotMatch(got, /Total:|No vulnerabilities found/);
  });

  it("lists problems as warnings at the end", () => {
    const lines = renderTable(vulnerabilityReport, { color: false }).trimEnd().split("\n");
    assert.deepEqual(lines.slice(-3), [
      "Warnings (2); the analysis went on past these:",
      "  WARN var/lib/dpkg/status:812: stanza has no Version field; skipped",
      "  WARN usr/lib/node_modules: npm packages are not inventoried yet",
    ]);
  });
});
