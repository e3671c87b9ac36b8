import type { CheckRule } from "../../contracts/check-rule.js";
import { ownerRule, single } from "./file-rule-util.js";
import type { HostSnapshot } from "./input.js";

export const containerdSockOwner: CheckRule<HostSnapshot> = ownerRule(
  {
    id: "containerd-sock-owner",
    cis: "3.23",
    title: "Ensure that the containerd socket file ownership is set to root:root",
    remediation: "chown root:root on the containerd socket file.",
  },
  "the containerd socket file",
  "root",
  (s) => single(s, "run/containerd/containerd.sock", "/run/containerd/containerd.sock"),
);
