import { daemonJsonOwner } from "./daemon-json-owner.js";
import { testRuleAgainstCases } from "./testdata/case-runner.js";

testRuleAgainstCases(daemonJsonOwner, ["pass", "fail", "skip"]);
