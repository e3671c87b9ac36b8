import { auditDaemonJson } from "./audit-daemon-json.js";
import { testRuleAgainstCases } from "./testdata/case-runner.js";

testRuleAgainstCases(auditDaemonJson, ["pass", "fail", "skip"]);
