import { dockerServiceMode } from "./docker-service-mode.js";
import { testRuleAgainstCases } from "./testdata/case-runner.js";

testRuleAgainstCases(dockerServiceMode, ["pass", "fail", "skip"]);
