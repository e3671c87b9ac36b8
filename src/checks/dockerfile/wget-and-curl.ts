import type { CheckRule } from "../../contracts/check-rule.js";
import type { DockerfileInput } from "./input.js";
import { BEST_PRACTICE_SECTION, evidenceOf, verdict } from "./rule-util.js";
import { runCommands } from "./shell-util.js";

const TOOLS = ["wget", "curl"];

/** Trivy DS014, hadolint DL4001: two download tools in one stage means two in the image. */
export const wgetAndCurl: CheckRule<DockerfileInput> = {
  id: "dockerfile-wget-and-curl",
  group: "dockerfile",
  benchmarkIds: {},
  references: ["DS014", "DL4001"],
  title: "A stage uses either wget or curl, not both",
  section: BEST_PRACTICE_SECTION,
  level: 1,
  severity: "low",
  needs: ["Dockerfile: commands run by RUN instructions, per stage"],
  remediation: "Pick one of wget and curl for all downloads in a stage.",
  evaluate(input) {
    const evidence = input.stages.flatMap((stage) => {
      const uses = stage.instructions
        .filter((i) => i.keyword === "RUN")
        .map((run) => ({
          run,
          tools: new Set(
            runCommands(run)
              .map((c) => c.program)
              .filter((p) => TOOLS.includes(p)),
          ),
        }))
        .filter((u) => u.tools.size > 0);
      const first = [...(uses[0]?.tools ?? [])][0];
      if (first === undefined || !uses.some((u) => [...u.tools].some((t) => t !== first))) return [];
      // The evidence is where the second tool comes in.
      return uses.filter((u) => [...u.tools].some((t) => t !== first)).map((u) => evidenceOf(input, u.run, `stage ${stage.index} uses both wget and curl`));
    });
    return verdict(evidence);
  },
};
