import { auditContainerd } from "./audit-containerd.js";
import { testRuleAgainstCases } from "./testdata/case-runner.js";

testRuleAgainstCases(auditContainerd, ["pass", "fail", "skip"]);
