import type { CheckRule } from "../../contracts/check-rule.js";
import type { HostSnapshot } from "./input.js";
import { hostRule, manual, SECTION_HOST } from "./rule-util.js";

export const dockerVersionCurrent: CheckRule<HostSnapshot> = hostRule(
  {
    id: "docker-version-current",
    cis: "1.2.2",
    level: 1,
    severity: "medium",
    section: SECTION_HOST,
    title: "Ensure that the version of Docker is up to date",
    needs: ["the running engine version (docker version)"],
    remediation: "Upgrade Docker Engine to a maintained release with current security fixes.",
  },
  () => manual("Run `docker version --format '{{.Server.Version}}'` on the host and compare with the supported Docker Engine releases."),
);
