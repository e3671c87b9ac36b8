import { dockerSockMode } from "./docker-sock-mode.js";
import { testRuleAgainstCases } from "./testdata/case-runner.js";

testRuleAgainstCases(dockerSockMode, ["pass", "fail", "skip"]);
