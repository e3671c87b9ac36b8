import { tlsCaCertMode } from "./tls-ca-cert-mode.js";
import { testRuleAgainstCases } from "./testdata/case-runner.js";

testRuleAgainstCases(tlsCaCertMode, ["pass", "fail", "skip"]);
