import type { CheckRule } from "../../contracts/check-rule.js";
import type { ImageCheckInput } from "./input.js";
import { CIS_SECTION } from "./section-util.js";

/** CIS 4.3 cannot be decided from the image alone; it is reported as manual, never passed. */
export const unnecessaryPackages: CheckRule<ImageCheckInput> = {
  id: "unnecessary-packages",
  group: "image",
  benchmarkIds: { "1.6.0": "4.3" },
  references: ["CIS-DI-0003", "DS029"],
  title: "Ensure that unnecessary packages are not installed in the container",
  section: CIS_SECTION,
  level: 1,
  severity: "low",
  needs: ["the package inventory (claro sbom IMAGE)"],
  remediation: "Install with --no-install-recommends, use slim or distroless bases, and drop compilers, shells and package managers from runtime images.",
  evaluate() {
    return {
      status: "manual",
      instructions:
        "Review the package list (`claro sbom IMAGE`) and confirm every package is needed at run time; look for compilers, package managers, sshd, curl/wget.",
    };
  },
};
