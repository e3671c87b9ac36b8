import { authorizationPluginEnabled } from "./authorization-plugin-enabled.js";
import { testRuleAgainstCases } from "./testdata/case-runner.js";

testRuleAgainstCases(authorizationPluginEnabled, ["pass", "fail"]);
