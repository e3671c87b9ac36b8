import { etcDefaultDockerOwner } from "./etc-default-docker-owner.js";
import { testRuleAgainstCases } from "./testdata/case-runner.js";

testRuleAgainstCases(etcDefaultDockerOwner, ["pass", "fail", "skip"]);
