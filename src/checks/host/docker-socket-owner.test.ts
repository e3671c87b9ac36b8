import { dockerSocketOwner } from "./docker-socket-owner.js";
import { testRuleAgainstCases } from "./testdata/case-runner.js";

testRuleAgainstCases(dockerSocketOwner, ["pass", "fail", "skip"]);
