import type { CheckRule } from "../../contracts/check-rule.js";
import type { RuntimeCheckInput } from "./input.js";
import { containerList, noContainers, RUNTIME_SECTION } from "./rule-util.js";

/** CIS 5.7 needs the running process list; a configuration file cannot show it. */
export const sshd: CheckRule<RuntimeCheckInput> = {
  id: "sshd",
  group: "runtime",
  benchmarkIds: { "1.6.0": "5.7" },
  references: [],
  title: "Ensure sshd is not run within containers",
  section: RUNTIME_SECTION,
  level: 1,
  severity: "medium",
  needs: ["a running container's process list (live engine)"],
  remediation: "Remove the SSH daemon from the image; use `docker exec` for access.",
  evaluate(input) {
    if (input.containers.length === 0) return noContainers(input);
    return {
      status: "manual",
      instructions: `For each running container (${containerList(input)}), run \`docker exec <container> ps -el\` and confirm no sshd process is listed.`,
    };
  },
};
