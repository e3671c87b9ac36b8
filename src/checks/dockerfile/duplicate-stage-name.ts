import type { CheckRule } from "../../contracts/check-rule.js";
import type { DockerfileInput } from "./input.js";
import { BEST_PRACTICE_SECTION, evidenceOf, verdict } from "./rule-util.js";

/** Trivy DS012, hadolint DL3024: `COPY --from=name` would silently pick one of them. */
export const duplicateStageName: CheckRule<DockerfileInput> = {
  id: "dockerfile-duplicate-stage-name",
  group: "dockerfile",
  benchmarkIds: {},
  references: ["DS012", "DL3024"],
  title: "Stage names (FROM … AS name) are unique",
  section: BEST_PRACTICE_SECTION,
  level: 1,
  severity: "critical",
  needs: ["Dockerfile: FROM … AS name of every stage"],
  remediation: "Give every build stage a distinct name.",
  evaluate(input) {
    const seen = new Map<string, number>();
    const evidence = input.stages.flatMap((stage) => {
      if (stage.name === null) return [];
      const first = seen.get(stage.name);
      if (first === undefined) {
        seen.set(stage.name, stage.index);
        return [];
      }
      return [evidenceOf(input, stage.from, `stage name '${stage.name}' is already used by stage ${first}`)];
    });
    return verdict(evidence);
  },
};
