import type { CheckRule } from "../../contracts/check-rule.js";
import type { ImageCheckInput } from "./input.js";
import { EXTRA_SECTION } from "./section-util.js";

/** Dockle DKL-DI-0006: `latest` moves, so what was checked is not what will run. */
export const latestTag: CheckRule<ImageCheckInput> = {
  id: "latest-tag",
  group: "image",
  benchmarkIds: {},
  references: ["DKL-DI-0006", "DS001", "DL3007"],
  title: "Avoid the latest tag",
  section: EXTRA_SECTION,
  level: 1,
  severity: "medium",
  needs: ["image reference tag"],
  remediation: "Refer to the image by a version tag or, better, by digest (`name@sha256:…`).",
  evaluate(input) {
    if (input.tag === null) return { status: "skip", missing: "image tag (the source was given without one)" };
    if (input.tag === "latest")
      return { status: "fail", evidence: [{ key: "reference", value: input.ref, detail: "the image is referenced by the latest tag" }] };
    return { status: "pass", detail: `tag ${input.tag}` };
  },
};
