import { tlsCaCertOwner } from "./tls-ca-cert-owner.js";
import { testRuleAgainstCases } from "./testdata/case-runner.js";

testRuleAgainstCases(tlsCaCertOwner, ["pass", "fail", "skip"]);
