import { etcDefaultDockerMode } from "./etc-default-docker-mode.js";
import { testRuleAgainstCases } from "./testdata/case-runner.js";

testRuleAgainstCases(etcDefaultDockerMode, ["pass", "fail", "skip"]);
