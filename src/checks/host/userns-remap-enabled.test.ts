import { usernsRemapEnabled } from "./userns-remap-enabled.js";
import { testRuleAgainstCases } from "./testdata/case-runner.js";

testRuleAgainstCases(usernsRemapEnabled, ["pass", "fail", "skip"]);
