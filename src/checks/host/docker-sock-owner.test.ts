import { dockerSockOwner } from "./docker-sock-owner.js";
import { testRuleAgainstCases } from "./testdata/case-runner.js";

testRuleAgainstCases(dockerSockOwner, ["pass", "fail", "skip"]);
