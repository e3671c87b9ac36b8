import { auditEtcDefaultDocker } from "./audit-etc-default-docker.js";
import { testRuleAgainstCases } from "./testdata/case-runner.js";

testRuleAgainstCases(auditEtcDefaultDocker, ["pass", "fail", "skip"]);
