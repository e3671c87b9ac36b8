import type { CheckRule } from "../../contracts/check-rule.js";
import type { DockerfileInput } from "./input.js";
import { BEST_PRACTICE_SECTION, evidenceOf, verdict } from "./rule-util.js";

export const maintainer: CheckRule<DockerfileInput> = {
  id: "dockerfile-maintainer",
  group: "dockerfile",
  benchmarkIds: {},
  references: ["DS022", "DL4000"],
  title: "No deprecated MAINTAINER instruction",
  section: BEST_PRACTICE_SECTION,
  level: 1,
  severity: "high",
  needs: ["Dockerfile: MAINTAINER instructions"],
  remediation: 'Replace MAINTAINER with `LABEL org.opencontainers.image.authors="…"`.',
  evaluate(input) {
    return verdict(input.instructions.filter((i) => i.keyword === "MAINTAINER").map((i) => evidenceOf(input, i, "MAINTAINER is deprecated")));
  },
};
