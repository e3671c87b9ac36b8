import type { CheckRule } from "../../contracts/check-rule.js";
import type { HostSnapshot } from "./input.js";
import { hostRule, manual, SECTION_DAEMON } from "./rule-util.js";

export const rootlessMode: CheckRule<HostSnapshot> = hostRule(
  {
    id: "rootless-mode",
    cis: "2.1",
    level: 2,
    severity: "low",
    section: SECTION_DAEMON,
    title: "Run the Docker daemon as a non-root user, if possible",
    needs: ["a person (whether rootless mode fits the workloads)"],
    remediation: "Consider Docker rootless mode (dockerd-rootless-setuptool.sh install) where the workloads allow it.",
  },
  () =>
    manual(
      "Decide whether the daemon can run in rootless mode; on a live host `docker info --format '{{.SecurityOptions}}'` shows name=rootless when it does.",
    ),
);
