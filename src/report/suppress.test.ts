import assert from "node:assert/strict";
import { test } from "node:test";
import type { Finding, VulnerabilityReport } from "../core/report.js";
import { describeProblem } from "../core/problem.js";
import { parseVulnIgnoreFile } from "./ignore-file.js";
import { applySuppressions } from "./suppress.js";
import { parseVex } from "./vex.js";

const LAYER = `sha256:${"a".repeat(64)}` as const;
const PURL = "pkg:deb/debian/libexpat1@2.5.0-1%2Bdeb12u2?arch=amd64";

function finding(id: string, aliases: string[] = []): Finding {
  return {
    id,
    aliases,
    package: { name: "libexpat1", version: "2.5.0-1+deb12u2", type: "deb", purl: PURL },
    fixedVersion: "2.5.0-1+deb12u5",
    status: "fixed",
    severity: "high",
    vendorSeverity: null,
    cvss: [],
    description: null,
    layer: LAYER,
    dataSource: "debian",
    namespace: "debian:12",
    links: [],
  };
}

const report: VulnerabilityReport = {
  source: { ref: "test", digest: null, platform: { os: "linux", architecture: "amd64" }, repository: null },
  distribution: null,
  layers: [],
  packages: [],
  problems: [],
  vulnerabilities: [finding("CVE-2024-28757", ["DSA-5650-1"]), finding("CVE-2024-45490")],
  database: { updatedAt: null, updaters: ["debian"] },
};

const openVex = (statements: unknown[]): string => JSON.stringify({ "@context": "https://openvex.dev/ns/v0.2.0", statements });

test("a VEX statement or ignore entry that matches no finding is a warning and a problem; the ones that match are not", () => {
  const vex = parseVex(
    openVex([
      {
        vulnerability: { name: "CVE-2024-28757" },
        products: [{ "@id": "pkg:deb/debian/libexpat1" }],
        status: "not_affected",
        justification: "component_not_present",
      },
      // An alias of a real finding counts as a match, and so does a status that suppresses nothing.
      { vulnerability: { name: "DSA-5650-1" }, products: [{ "@id": "pkg:deb/debian/libexpat1" }], status: "affected" },
      {
        vulnerability: { name: "CVE-2024-99999" },
        products: [{ "@id": "pkg:deb/debian/libexpat1" }],
        status: "not_affected",
        justification: "component_not_present",
      },
      {
        vulnerability: { name: "CVE-2024-45490" },
        products: [{ "@id": "pkg:deb/debian/openssl" }],
        status: "not_affected",
        justification: "component_not_present",
      },
    ]),
    "vex.json",
  );
  const entries = parseVulnIgnoreFile(
    ["- id: CVE-2024-45490", "- id: CVE-2024-45490", "  package: zlib1g", "- id: CVE-2020-0001", "- id: CVE-2020-0002", "  expires: 2020-01-01"].join("\n"),
    ".claroignore.yaml",
  );
  const out = applySuppressions(report, { vex, ignore: { entries, path: ".claroignore.yaml" }, now: new Date("2026-12-01T00:00:00Z") });
  assert.deepEqual(
    out.report.vulnerabilities.map((f) => f.id),
    [],
  );
  assert.deepEqual(
    out.report.suppressed?.map((s) => [s.finding.id, s.by]),
    [
      ["CVE-2024-28757", "vex"],
      ["CVE-2024-45490", "ignore-file"],
    ],
  );
  const unused = out.report.problems.filter((p) => p.kind === "unused-suppression");
  assert.deepEqual(
    unused.map((p) => describeProblem(p)),
    [
      "vex.json: VEX statement CVE-2024-99999 (not_affected, pkg:deb/debian/libexpat1) matched no finding; check its vulnerability id and product purls",
      "vex.json: VEX statement CVE-2024-45490 (not_affected, pkg:deb/debian/openssl) matched no finding; check its vulnerability id and product purls",
      ".claroignore.yaml: ignore entry CVE-2024-45490 (package zlib1g) matched no finding; check its id, or remove it",
      ".claroignore.yaml: ignore entry CVE-2020-0001 matched no finding; check its id, or remove it",
    ],
  );
  // The expired entry warns as expired, not a second time as unused.
  assert.deepEqual(
    out.warnings,
    [".claroignore.yaml: ignore entry CVE-2020-0002 expired on 2020-01-01; it no longer applies", ...unused.map((p) => describeProblem(p))].map(
      (w) => `claro: warning: ${w}`,
    ),
  );
});

test("with every statement and entry in use the report carries no problem and nothing is printed", () => {
  const vex = parseVex(openVex([{ vulnerability: { name: "CVE-2024-28757" }, products: [{ "@id": PURL }], status: "under_investigation" }]), "vex.json");
  const out = applySuppressions(report, { vex, ignore: { entries: parseVulnIgnoreFile("- id: DSA-5650-1\n", "i.yaml"), path: "i.yaml" } });
  assert.deepEqual(out.warnings, []);
  assert.deepEqual(out.report.problems, []);
  assert.deepEqual(
    out.report.suppressed?.map((s) => s.finding.id),
    ["CVE-2024-28757"],
  );
});
