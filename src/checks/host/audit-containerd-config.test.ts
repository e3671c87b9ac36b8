import { auditContainerdConfig } from "./audit-containerd-config.js";
import { testRuleAgainstCases } from "./testdata/case-runner.js";

testRuleAgainstCases(auditContainerdConfig, ["pass", "fail", "skip"]);
