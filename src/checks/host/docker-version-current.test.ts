import { dockerVersionCurrent } from "./docker-version-current.js";
import { testRuleAgainstCases } from "./testdata/case-runner.js";

testRuleAgainstCases(dockerVersionCurrent, ["manual"]);
