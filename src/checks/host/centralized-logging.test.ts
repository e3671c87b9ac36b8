import { centralizedLogging } from "./centralized-logging.js";
import { testRuleAgainstCases } from "./testdata/case-runner.js";

testRuleAgainstCases(centralizedLogging, ["pass", "fail"]);
