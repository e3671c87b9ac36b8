import { auditEtcDocker } from "./audit-etc-docker.js";
import { testRuleAgainstCases } from "./testdata/case-runner.js";

testRuleAgainstCases(auditEtcDocker, ["pass", "fail", "skip"]);
