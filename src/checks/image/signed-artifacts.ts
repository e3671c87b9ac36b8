import type { CheckRule } from "../../contracts/check-rule.js";
import type { ImageCheckInput } from "./input.js";
import { CIS_SECTION } from "./section-util.js";

/** CIS 4.12 cannot be decided from the image alone; it is reported as manual, never passed. */
export const signedArtifacts: CheckRule<ImageCheckInput> = {
  id: "signed-artifacts",
  group: "image",
  benchmarkIds: { "1.6.0": "4.12" },
  references: [],
  title: "Ensure all signed artifacts are validated",
  section: CIS_SECTION,
  level: 1,
  severity: "medium",
  needs: ["the build pipeline and its signature verification policy"],
  remediation: "Verify signatures and checksums of every artifact the build downloads and of the image itself before deployment.",
  evaluate() {
    return {
      status: "manual",
      instructions: "Confirm the build verifies the signatures or checksums of every downloaded artifact, and that deployment verifies this image's signature.",
    };
  },
};
