import { dockerGroupTrusted } from "./docker-group-trusted.js";
import { testRuleAgainstCases } from "./testdata/case-runner.js";

testRuleAgainstCases(dockerGroupTrusted, ["pass", "fail", "manual", "skip"]);
