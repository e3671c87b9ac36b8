import { registryCertsMode } from "./registry-certs-mode.js";
import { testRuleAgainstCases } from "./testdata/case-runner.js";

testRuleAgainstCases(registryCertsMode, ["pass", "fail", "skip"]);
