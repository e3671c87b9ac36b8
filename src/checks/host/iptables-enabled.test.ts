import { iptablesEnabled } from "./iptables-enabled.js";
import { testRuleAgainstCases } from "./testdata/case-runner.js";

testRuleAgainstCases(iptablesEnabled, ["pass", "fail"]);
