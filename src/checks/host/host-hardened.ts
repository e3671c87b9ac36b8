import type { CheckRule } from "../../contracts/check-rule.js";
import type { HostSnapshot } from "./input.js";
import { hostRule, manual, SECTION_HOST } from "./rule-util.js";

export const hostHardened: CheckRule<HostSnapshot> = hostRule(
  {
    id: "host-hardened",
    cis: "1.2.1",
    level: 1,
    severity: "medium",
    section: SECTION_HOST,
    title: "Ensure the container host has been Hardened",
    needs: ["a person (host hardening review)"],
    remediation: "Harden the host OS following its CIS benchmark (or use a container-optimised OS).",
  },
  () => manual("Review the host against the CIS benchmark of its operating system (or confirm it is a container-optimised OS)."),
);
