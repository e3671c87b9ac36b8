import type { CheckRule } from "../../contracts/check-rule.js";
import type { ImageCheckInput } from "./input.js";
import { CIS_SECTION } from "./section-util.js";

/** CIS 4.5 cannot be decided from the image alone; it is reported as manual, never passed. */
export const contentTrust: CheckRule<ImageCheckInput> = {
  id: "content-trust",
  group: "image",
  benchmarkIds: { "1.6.0": "4.5" },
  references: ["CIS-DI-0005"],
  title: "Ensure Content trust for Docker is Enabled",
  section: CIS_SECTION,
  level: 2,
  severity: "medium",
  needs: ["the host environment and registry signatures (not part of the image)"],
  remediation: "Set DOCKER_CONTENT_TRUST=1 on build and deploy hosts, or verify cosign/Notation signatures in the deployment pipeline.",
  evaluate() {
    return {
      status: "manual",
      instructions:
        "On the hosts that pull this image, check that DOCKER_CONTENT_TRUST=1 is set (or that cosign/Notation verification is enforced) and that this image's digest is signed.",
    };
  },
};
