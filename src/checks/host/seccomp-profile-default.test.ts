import { seccompProfileDefault } from "./seccomp-profile-default.js";
import { testRuleAgainstCases } from "./testdata/case-runner.js";

testRuleAgainstCases(seccompProfileDefault, ["pass", "fail", "manual"]);
