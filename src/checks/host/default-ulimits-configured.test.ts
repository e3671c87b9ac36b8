import { defaultUlimitsConfigured } from "./default-ulimits-configured.js";
import { testRuleAgainstCases } from "./testdata/case-runner.js";

testRuleAgainstCases(defaultUlimitsConfigured, ["pass", "manual"]);
