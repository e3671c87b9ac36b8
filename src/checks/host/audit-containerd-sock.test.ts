import { auditContainerdSock } from "./audit-containerd-sock.js";
import { testRuleAgainstCases } from "./testdata/case-runner.js";

testRuleAgainstCases(auditContainerdSock, ["pass", "fail", "skip"]);
