import { iccDisabled } from "./icc-disabled.js";
import { testRuleAgainstCases } from "./testdata/case-runner.js";

testRuleAgainstCases(iccDisabled, ["pass", "fail", "skip"]);
