import type { CheckRule } from "../../contracts/check-rule.js";
import type { DockerfileInput } from "./input.js";
import { BEST_PRACTICE_SECTION, evidenceOf, verdict } from "./rule-util.js";

/** Trivy DS011, hadolint DL3021: Docker rejects several sources copied to a non-directory. */
export const copyDestNotDirectory: CheckRule<DockerfileInput> = {
  id: "dockerfile-copy-dest-not-directory",
  group: "dockerfile",
  benchmarkIds: {},
  references: ["DS011", "DL3021"],
  title: "COPY/ADD with several sources has a destination ending in '/'",
  section: BEST_PRACTICE_SECTION,
  level: 1,
  severity: "critical",
  needs: ["Dockerfile: COPY and ADD arguments"],
  remediation: "End the destination with '/' when copying more than one source.",
  evaluate(input) {
    const evidence = input.instructions
      .filter((i) => (i.keyword === "COPY" || i.keyword === "ADD") && i.args.length > 2)
      .filter((i) => !(i.args[i.args.length - 1] ?? "").endsWith("/"))
      .map((i) => evidenceOf(input, i, `${i.args.length - 1} sources but the destination '${i.args[i.args.length - 1] ?? ""}' does not end with '/'`));
    return verdict(evidence);
  },
};
