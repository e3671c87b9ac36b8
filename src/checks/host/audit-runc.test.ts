import { auditRunc } from "./audit-runc.js";
import { testRuleAgainstCases } from "./testdata/case-runner.js";

testRuleAgainstCases(auditRunc, ["pass", "fail", "skip"]);
