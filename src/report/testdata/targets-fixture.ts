// A report with an OS target and two language targets (a Go binary and an npm lockfile), for the
// table's per-target sections. Made-up values, like fixture.ts: inputs, not scan results.
import type { Digest } from "../../core/digest.js";
import type { Package } from "../../core/package.js";
import type { Finding, VulnerabilityReport } from "../../core/report.js";
import { vulnerabilityReport } from "./fixture.js";

const LAYER_APP: Digest = `sha256:${"4d".repeat(32)}`;

function lang(type: "golang" | "npm", name: string, version: string, purl: string, foundIn: string): Package {
  return { name, version, type, arch: null, source: null, purl, layer: LAYER_APP, foundIn };
}

const stdlib = lang("golang", "stdlib", "v1.21.4", "pkg:golang/stdlib@v1.21.4", "usr/bin/fzf");
const xnet = lang("golang", "golang.org/x/net", "v0.17.0", "pkg:golang/golang.org/x/net@v0.17.0", "usr/bin/fzf");
const semver = lang("npm", "semver", "7.5.1", "pkg:npm/semver@7.5.1", "app/package-lock.json");

function finding(p: Package, id: string, fields: Partial<Finding> & Pick<Finding, "severity">): Finding {
  return {
    id,
    aliases: [],
    package: { name: p.name, version: p.version, type: p.type, purl: p.purl },
    fixedVersion: null,
    status: "affected",
    vendorSeverity: null,
    cvss: [],
    description: null,
    layer: p.layer,
    dataSource: "osv",
    namespace: p.type,
    links: [],
    ...fields,
  };
}

export const targetsReport: VulnerabilityReport = {
  ...vulnerabilityReport,
  layers: [...vulnerabilityReport.layers, { digest: `sha256:${"d4".repeat(32)}`, diffId: LAYER_APP, createdBy: "COPY app /app" }],
  packages: [...vulnerabilityReport.packages, semver, stdlib, xnet],
  vulnerabilities: [
    // Language findings first, to show sections do not follow the findings' order.
    finding(semver, "GHSA-c2qf-rxjj-qqgw", {
      severity: "medium",
      status: "fixed",
      fixedVersion: "7.5.2",
      description: "semver vulnerable to Regular Expression Denial of Service\nVersions of the package semver before 7.5.2 are vulnerable.",
    }),
    finding(stdlib, "CVE-2023-45288", {
      severity: "high",
      status: "fixed",
      fixedVersion: "1.21.9, 1.22.2",
      description:
        "An attacker may cause an HTTP/2 endpoint to read arbitrary amounts of header data by sending an excessive number of CONTINUATION frames. Maintaining HPACK state requires parsing and processing all HEADERS and CONTINUATION frames on a connection.",
      epss: { score: 0.4211, percentile: 0.97 },
    }),
    finding(stdlib, "CVE-2024-24790", {
      severity: "critical",
      status: "fixed",
      fixedVersion: "1.21.11, 1.22.4",
      kev: { dateAdded: "2026-01-01", dueDate: null, ransomware: "Known" },
    }),
    finding(xnet, "CVE-2023-44487", {
      severity: "high",
      status: "fixed",
      fixedVersion: "0.17.0",
      description: "HTTP/2 rapid reset can cause excessive work in net/http.",
    }),
    ...vulnerabilityReport.vulnerabilities,
  ],
};
