import { auditDockerd } from "./audit-dockerd.js";
import { testRuleAgainstCases } from "./testdata/case-runner.js";

testRuleAgainstCases(auditDockerd, ["pass", "fail", "skip"]);
