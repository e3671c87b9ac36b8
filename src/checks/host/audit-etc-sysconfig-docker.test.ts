import { auditEtcSysconfigDocker } from "./audit-etc-sysconfig-docker.js";
import { testRuleAgainstCases } from "./testdata/case-runner.js";

testRuleAgainstCases(auditEtcSysconfigDocker, ["pass", "fail", "skip"]);
