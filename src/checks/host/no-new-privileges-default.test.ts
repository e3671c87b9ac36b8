import { noNewPrivilegesDefault } from "./no-new-privileges-default.js";
import { testRuleAgainstCases } from "./testdata/case-runner.js";

testRuleAgainstCases(noNewPrivilegesDefault, ["pass", "fail"]);
