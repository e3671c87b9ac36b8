import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { Package } from "../core/package.js";
import type { Finding, VulnerabilityReport } from "../core/report.js";
import { diffReports } from "./diff.js";
import { renderDiffJson, renderDiffTable } from "./diff-render.js";
import { renderDiffHtml } from "./html/diff-html.js";
import { fromReportDocument } from "./report-document.js";
import { toReportDocument } from "./json-reporter.js";
import { FIXED_NOW, LAYER_APT, LAYER_BASE, vulnerabilityReport } from "./testdata/fixture.js";

function npm(name: string, version: string, foundIn: string): Package {
  return { name, version, type: "npm", arch: null, source: null, purl: `pkg:npm/${name}@${version}`, layer: LAYER_APT, foundIn };
}

function finding(p: Package, id: string, fixed: string | null, severity: Finding["severity"] = "high"): Finding {
  return {
    id,
    aliases: [],
    package: { name: p.name, version: p.version, type: p.type, purl: p.purl },
    fixedVersion: fixed,
    status: fixed ? "fixed" : "affected",
    severity,
    vendorSeverity: null,
    cvss: [],
    description: null,
    layer: p.layer,
    dataSource: "osv/npm",
    namespace: "npm",
    links: [],
  };
}

const top = "app/node_modules/minimist/package.json";
const nested = "app/node_modules/mkdirp/node_modules/minimist/package.json";

function report(packages: Package[], findings: Finding[], ref: string): VulnerabilityReport {
  return { ...vulnerabilityReport, source: { ...vulnerabilityReport.source, ref }, packages, vulnerabilities: findings };
}

const oldTop = npm("minimist", "1.2.0", top);
const oldNested = npm("minimist", "0.0.8", nested);
const lodash = npm("lodash", "4.17.15", "app/package-lock.json");
const before = report(
  [oldTop, oldNested, lodash],
  [
    finding(oldTop, "CVE-2021-44906", "1.2.6"),
    finding(oldTop, "CVE-2020-7598", "1.2.3"),
    finding(oldNested, "CVE-2021-44906", "1.2.6"),
    finding(lodash, "CVE-2021-23337", "4.17.21", "medium"),
  ],
  "old",
);
const newTop = npm("minimist", "1.2.5", top);
const fetch = npm("node-fetch", "2.6.0", "app/package-lock.json");
const after = report(
  [newTop, oldNested, fetch],
  [finding(newTop, "CVE-2021-44906", "1.2.6"), finding(oldNested, "CVE-2021-44906", "1.2.6"), finding(fetch, "CVE-2022-0235", "2.6.7", "critical")],
  "new",
);

describe("diffReports", () => {
  const d = diffReports(before, after);

  it("keys findings by id, package, type and target: a bump the advisory survives is unchanged, one it does not is fixed", () => {
    assert.deepEqual(
      d.introduced.map((t) => `${t.finding.id} ${t.finding.package.name}`),
      ["CVE-2022-0235 node-fetch"],
    );
    assert.deepEqual(
      d.fixed.map((t) => `${t.finding.id} ${t.finding.package.name}@${t.finding.package.version}`),
      ["CVE-2020-7598 minimist@1.2.0", "CVE-2021-23337 lodash@4.17.15"],
    );
    assert.deepEqual(
      d.unchanged.map((u) => `${u.new.finding.id} ${u.old.finding.package.version}->${u.new.finding.package.version} ${u.new.target}`),
      [`CVE-2021-44906 0.0.8->0.0.8 ${nested}`, `CVE-2021-44906 1.2.0->1.2.5 ${top}`],
    );
  });

  it("lists packages added, removed and changed, keeping the two minimists apart by path", () => {
    assert.deepEqual(
      d.packages.added.map((p) => p.name),
      ["node-fetch"],
    );
    assert.deepEqual(
      d.packages.removed.map((p) => p.name),
      ["lodash"],
    );
    assert.deepEqual(d.packages.changed, [
      { name: "minimist", type: "npm", arch: null, target: top, oldVersion: "1.2.0", newVersion: "1.2.5", direction: "upgrade" },
    ]);
  });

  it("reads the same from saved JSON reports as from live ones", () => {
    const saved = (r: VulnerabilityReport) => fromReportDocument(JSON.parse(JSON.stringify(toReportDocument(r, FIXED_NOW()))) as unknown);
    const fromJson = diffReports(saved(before), saved(after));
    assert.equal(renderDiffJson(fromJson, FIXED_NOW), renderDiffJson(d, FIXED_NOW));
  });

  it("renders JSON with the documented keys, a table and an HTML page", () => {
    const doc = JSON.parse(renderDiffJson(d, FIXED_NOW)) as Record<string, unknown>;
    assert.deepEqual(Object.keys(doc), ["kind", "schemaVersion", "createdAt", "old", "new", "summary", "fixed", "introduced", "unchanged", "packages"]);
    assert.deepEqual(Object.keys(doc["packages"] as object), ["added", "removed", "changed"]);
    assert.match(renderDiffTable(d), /^Findings: 1 introduced, 2 fixed, 2 unchanged$/m);
    assert.match(renderDiffHtml(d, FIXED_NOW), /<table id="introduced-table"/);
  });

  it("an unchanged image has nothing introduced or fixed", () => {
    const same = diffReports(vulnerabilityReport, vulnerabilityReport);
    assert.equal(same.introduced.length + same.fixed.length, 0);
    assert.equal(same.unchanged.length, vulnerabilityReport.vulnerabilities.length);
    assert.deepEqual(same.packages, { added: [], removed: [], changed: [] });
    assert.ok(LAYER_BASE);
  });
});
