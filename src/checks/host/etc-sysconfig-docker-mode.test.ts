import { etcSysconfigDockerMode } from "./etc-sysconfig-docker-mode.js";
import { testRuleAgainstCases } from "./testdata/case-runner.js";

testRuleAgainstCases(etcSysconfigDockerMode, ["pass", "fail", "skip"]);
