import type { CheckRule } from "../../contracts/check-rule.js";
import type { DockerfileInput } from "./input.js";
import { CIS_SECTION, evidenceOf, finalStage, inherited, NO_STAGE } from "./rule-util.js";

const ROOT = /^(root|0)(:.*)?$/;

/** Trivy DS002 (stricter than hadolint DL3002, which ignores a missing USER). */
export const nonRootUser: CheckRule<DockerfileInput> = {
  id: "dockerfile-non-root-user",
  group: "dockerfile",
  benchmarkIds: { "1.6.0": "4.1" },
  references: ["DS002", "DL3002", "CIS-DI-0001"],
  title: "Final stage sets a non-root USER",
  section: CIS_SECTION,
  level: 1,
  severity: "high",
  needs: ["Dockerfile: USER instructions of the final stage (and the stages it is built FROM)"],
  remediation: "Add `USER <non-root user>` (e.g. `USER 10001`) to the final stage after installing packages.",
  evaluate(input) {
    const stage = finalStage(input);
    if (stage === undefined) return NO_STAGE;
    const users = inherited(input, stage, "USER");
    const last = users[users.length - 1];
    if (last === undefined) {
      return {
        status: "fail",
        evidence: [evidenceOf(input, stage.from, "no USER in the final stage: the container runs as root unless the base image sets a user")],
      };
    }
    const user = last.args[0] ?? "";
    if (user === "") return { status: "skip", missing: `the value of '${last.rawArgs[0] ?? ""}' (a build argument without default)` };
    if (ROOT.test(user)) return { status: "fail", evidence: [evidenceOf(input, last, `the last USER is '${user}', which is root`)] };
    return { status: "pass", detail: `the final stage runs as '${user}' (line ${last.startLine})` };
  },
};
