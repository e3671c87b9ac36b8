import type { CheckRule } from "../../contracts/check-rule.js";
import type { DockerfileInput } from "./input.js";
import { BEST_PRACTICE_SECTION, evidenceOf, verdict } from "./rule-util.js";

/** Trivy DS006, hadolint DL3023: a stage cannot copy from itself. */
export const copyFromOwnStage: CheckRule<DockerfileInput> = {
  id: "dockerfile-copy-from-own-stage",
  group: "dockerfile",
  benchmarkIds: {},
  references: ["DS006", "DL3023"],
  title: "COPY --from does not name the stage it is in",
  section: BEST_PRACTICE_SECTION,
  level: 1,
  severity: "critical",
  needs: ["Dockerfile: COPY --from flags and stage names"],
  remediation: "Point COPY --from at an earlier stage or an image.",
  evaluate(input) {
    const evidence = input.stages.flatMap((stage) =>
      stage.instructions
        .filter((i) => i.keyword === "COPY")
        .flatMap((i) => {
          const from = i.flags.find((f) => f.name === "from")?.value?.toLowerCase();
          const own = from !== undefined && (from === stage.name || from === String(stage.index));
          return own ? [evidenceOf(input, i, `--from=${from} is the current stage`)] : [];
        }),
    );
    return verdict(evidence);
  },
};
