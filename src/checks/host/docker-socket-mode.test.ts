import { dockerSocketMode } from "./docker-socket-mode.js";
import { testRuleAgainstCases } from "./testdata/case-runner.js";

testRuleAgainstCases(dockerSocketMode, ["pass", "fail", "skip"]);
