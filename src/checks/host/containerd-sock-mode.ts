import type { CheckRule } from "../../contracts/check-rule.js";
import { modeRule, single } from "./file-rule-util.js";
import type { HostSnapshot } from "./input.js";

export const containerdSockMode: CheckRule<HostSnapshot> = modeRule(
  {
    id: "containerd-sock-mode",
    cis: "3.24",
    title: "Ensure that the containerd socket file permissions are set to 660 or more restrictively",
    remediation: "chmod 660 (or more restrictive) on the containerd socket file.",
  },
  "the containerd socket file",
  0o660,
  (s) => single(s, "run/containerd/containerd.sock", "/run/containerd/containerd.sock"),
);
