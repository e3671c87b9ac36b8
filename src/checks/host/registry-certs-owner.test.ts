import { registryCertsOwner } from "./registry-certs-owner.js";
import { testRuleAgainstCases } from "./testdata/case-runner.js";

testRuleAgainstCases(registryCertsOwner, ["pass", "fail", "skip"]);
