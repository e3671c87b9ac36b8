import { etcSysconfigDockerOwner } from "./etc-sysconfig-docker-owner.js";
import { testRuleAgainstCases } from "./testdata/case-runner.js";

testRuleAgainstCases(etcSysconfigDockerOwner, ["pass", "fail", "skip"]);
