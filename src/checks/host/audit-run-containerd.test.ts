import { auditRunContainerd } from "./audit-run-containerd.js";
import { testRuleAgainstCases } from "./testdata/case-runner.js";

testRuleAgainstCases(auditRunContainerd, ["pass", "fail", "skip"]);
