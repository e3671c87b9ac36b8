import { dockerServiceOwner } from "./docker-service-owner.js";
import { testRuleAgainstCases } from "./testdata/case-runner.js";

testRuleAgainstCases(dockerServiceOwner, ["pass", "fail", "skip"]);
