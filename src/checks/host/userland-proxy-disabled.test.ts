import { userlandProxyDisabled } from "./userland-proxy-disabled.js";
import { testRuleAgainstCases } from "./testdata/case-runner.js";

testRuleAgainstCases(userlandProxyDisabled, ["pass", "fail"]);
