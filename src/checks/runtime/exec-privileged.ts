import type { CheckRule } from "../../contracts/check-rule.js";
import type { RuntimeCheckInput } from "./input.js";
import { RUNTIME_SECTION } from "./rule-util.js";

/** CIS 5.23: exec calls are events on a live engine, not configuration, so this is always a manual check. */
export const execPrivileged: CheckRule<RuntimeCheckInput> = {
  id: "exec-privileged",
  group: "runtime",
  benchmarkIds: { "1.6.0": "5.23" },
  references: [],
  title: "Ensure that docker exec commands are not used with the privileged option",
  section: RUNTIME_SECTION,
  level: 2,
  severity: "high",
  needs: ["the engine's audit log or `docker events` (live engine)"],
  remediation: "Do not use `docker exec --privileged`; audit exec sessions (auditd rules on the docker binary, or an authorization plugin).",
  evaluate() {
    return {
      status: "manual",
      instructions:
        "On the Docker host, review exec sessions: `ausearch -k docker | grep exec | grep -- '--privileged'` (with an audit rule on the docker binary) or `docker events --filter event=exec_create`, and confirm none used --privileged.",
    };
  },
};
