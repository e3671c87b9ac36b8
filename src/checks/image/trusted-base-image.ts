import type { CheckRule } from "../../contracts/check-rule.js";
import type { ImageCheckInput } from "./input.js";
import { CIS_SECTION } from "./section-util.js";

/** CIS 4.2 cannot be decided from the image alone; it is reported as manual, never passed. */
export const trustedBaseImage: CheckRule<ImageCheckInput> = {
  id: "trusted-base-image",
  group: "image",
  benchmarkIds: { "1.6.0": "4.2" },
  references: ["CIS-DI-0002", "DL3026"],
  title: "Ensure that containers use only trusted base images",
  section: CIS_SECTION,
  level: 1,
  severity: "medium",
  needs: ["the Dockerfile FROM lines and the registries they come from"],
  remediation: "Build only FROM images of an approved registry, pinned by digest, and verify their provenance (signatures or SLSA attestations).",
  evaluate() {
    return {
      status: "manual",
      instructions:
        "Check that the base image comes from a registry your organisation trusts, is pinned by digest, and that its signature or provenance attestation verifies.",
    };
  },
};
