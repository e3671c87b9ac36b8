import type { CheckRule } from "../../contracts/check-rule.js";
import type { DockerfileInput } from "./input.js";
import { BEST_PRACTICE_SECTION, evidenceOf, verdict } from "./rule-util.js";

const ABSOLUTE = /^(\/|[A-Za-z]:[\\/]|\\)/;

/** Trivy DS009, hadolint DL3000: a relative WORKDIR depends on the base image's WORKDIR. */
export const workdirRelative: CheckRule<DockerfileInput> = {
  id: "dockerfile-workdir-relative",
  group: "dockerfile",
  benchmarkIds: {},
  references: ["DS009", "DL3000"],
  title: "WORKDIR paths are absolute",
  section: BEST_PRACTICE_SECTION,
  level: 1,
  severity: "high",
  needs: ["Dockerfile: WORKDIR instructions (after ARG/ENV substitution)"],
  remediation: "Use an absolute path in WORKDIR.",
  evaluate(input) {
    const evidence = input.instructions
      .filter((i) => i.keyword === "WORKDIR")
      .filter((i) => {
        const path = i.args[0] ?? "";
        // A path that starts with an unset variable may come from the base image's ENV: not flagged.
        const leading = /^\$\{?([A-Za-z_][A-Za-z0-9_]*)/.exec(i.rawArgs[0] ?? "")?.[1];
        return !(path === "" || (leading !== undefined && i.unresolved.includes(leading)));
      })
      .filter((i) => {
        const path = i.args[0] ?? "";
        return !ABSOLUTE.test(path);
      })
      .map((i) => evidenceOf(input, i, `'${i.args[0] ?? ""}' is relative`));
    return verdict(evidence);
  },
};
