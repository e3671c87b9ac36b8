import { etcDockerMode } from "./etc-docker-mode.js";
import { testRuleAgainstCases } from "./testdata/case-runner.js";

testRuleAgainstCases(etcDockerMode, ["pass", "fail", "skip"]);
