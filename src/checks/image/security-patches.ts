import type { CheckRule } from "../../contracts/check-rule.js";
import type { Evidence } from "../../core/check.js";
import type { ImageCheckInput } from "./input.js";
import { CIS_SECTION } from "./section-util.js";

/** Severities at which an available fix means the image is overdue for a rebuild (Trivy maps 4.4 to critical findings). */
const OVERDUE = new Set(["critical", "high"]);

/**
 * CIS 4.4. With the same run's vulnerability findings (`claro scan --scanners vuln,config`) it is
 * decided: a high or critical vulnerability with a published fix means the image was not rebuilt
 * on patched packages. Without them (`claro check`) it is manual, never passed.
 */
export const securityPatches: CheckRule<ImageCheckInput> = {
  id: "security-patches",
  group: "image",
  benchmarkIds: { "1.6.0": "4.4" },
  references: ["CIS-DI-0004", "VULN-CRITICAL"],
  title: "Ensure images are scanned and rebuilt to include security patches",
  section: CIS_SECTION,
  level: 1,
  severity: "high",
  needs: ["the image's vulnerability findings (claro scan --scanners vuln,config); manual without them"],
  remediation: "Rebuild the image on an updated base and upgrade the listed packages to their fixed versions; gate releases on `claro scan --fail-on high`.",
  evaluate(input) {
    if (input.findings === undefined) {
      return {
        status: "manual",
        instructions:
          "Run `claro scan --scanners vuln,config IMAGE` against a fresh database (it decides this check), or `claro scan IMAGE`, and confirm the image is rebuilt when fixes are available.",
      };
    }
    const overdue = input.findings.filter((f) => f.status === "fixed" && f.fixedVersion !== null && OVERDUE.has(f.severity));
    if (overdue.length === 0) return { status: "pass" };
    const evidence: Evidence[] = overdue.map((f) => ({
      key: f.id,
      value: `${f.package.name} ${f.package.version}`,
      detail: `${f.severity}; fixed in ${f.fixedVersion ?? "?"}`,
    }));
    return { status: "fail", evidence };
  },
};
