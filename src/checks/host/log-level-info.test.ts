import { logLevelInfo } from "./log-level-info.js";
import { testRuleAgainstCases } from "./testdata/case-runner.js";

testRuleAgainstCases(logLevelInfo, ["pass", "fail", "skip"]);
