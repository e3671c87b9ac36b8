import { daemonJsonMode } from "./daemon-json-mode.js";
import { testRuleAgainstCases } from "./testdata/case-runner.js";

testRuleAgainstCases(daemonJsonMode, ["pass", "fail", "skip"]);
