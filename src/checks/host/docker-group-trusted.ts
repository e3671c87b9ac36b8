import type { CheckRule } from "../../contracts/check-rule.js";
import type { HostSnapshot } from "./input.js";
import { abs, fail, hostRule, manual, pass, SECTION_HOST, skip } from "./rule-util.js";

export const dockerGroupTrusted: CheckRule<HostSnapshot> = hostRule(
  {
    id: "docker-group-trusted",
    cis: "1.1.2",
    level: 1,
    severity: "high",
    section: SECTION_HOST,
    title: "Ensure only trusted users are allowed to control Docker daemon",
    needs: ["etc/group (docker group)", "etc/passwd (primary groups)", "an allow-list of trusted users (optional)"],
    remediation: "Remove untrusted users from the docker group (gpasswd -d USER docker); membership is root-equivalent.",
  },
  (s) => {
    if (!s.groupFile) return skip("/etc/group");
    if (s.dockerGroup === null) return pass("no docker group: only root controls the daemon socket");
    const members = s.dockerGroup.members;
    if (members.length === 0) return pass("the docker group has no members");
    if (s.trustedUsers === null)
      return manual(`Confirm that every member of the docker group is trusted (membership is root-equivalent): ${members.join(", ")}.`);
    const trusted = new Set(s.trustedUsers);
    const bad = members.filter((m) => !trusted.has(m));
    if (bad.length === 0) return pass(`docker group members are all trusted: ${members.join(", ")}`);
    return fail(
      ...bad.map((u) => ({ file: abs("etc/group"), key: "docker", value: u, detail: "member of the docker group but not in the trusted-user list" })),
    );
  },
);
