import { auditContainerdShim } from "./audit-containerd-shim.js";
import { testRuleAgainstCases } from "./testdata/case-runner.js";

testRuleAgainstCases(auditContainerdShim, ["pass", "fail", "skip"]);
