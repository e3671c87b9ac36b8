import { etcDockerOwner } from "./etc-docker-owner.js";
import { testRuleAgainstCases } from "./testdata/case-runner.js";

testRuleAgainstCases(etcDockerOwner, ["pass", "fail", "skip"]);
