import { experimentalDisabled } from "./experimental-disabled.js";
import { testRuleAgainstCases } from "./testdata/case-runner.js";

testRuleAgainstCases(experimentalDisabled, ["pass", "fail"]);
