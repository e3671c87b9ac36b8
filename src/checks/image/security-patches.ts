import type { CheckRule } from "../../contracts/check-rule.js";
import type { ImageCheckInput } from "./input.js";
import { CIS_SECTION } from "./section-util.js";

/** CIS 4.4 cannot be decided from the image alone; it is reported as manual, never passed. */
export const securityPatches: CheckRule<ImageCheckInput> = {
  id: "security-patches",
  group: "image",
  benchmarkIds: { "1.6.0": "4.4" },
  references: ["CIS-DI-0004", "VULN-CRITICAL"],
  title: "Ensure images are scanned and rebuilt to include security patches",
  section: CIS_SECTION,
  level: 1,
  severity: "high",
  needs: ["a vulnerability scan of the image (claro scan IMAGE)"],
  remediation: "Rebuild images regularly on patched bases and gate releases on `claro scan --fail-on high`.",
  evaluate() {
    return { status: "manual", instructions: "Run `claro scan IMAGE` (or `claro scan --scanners vuln,config`) against a fresh database and confirm the image is rebuilt when fixes are available." };
  },
};
