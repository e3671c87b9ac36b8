import { tlsServerCertOwner } from "./tls-server-cert-owner.js";
import { testRuleAgainstCases } from "./testdata/case-runner.js";

testRuleAgainstCases(tlsServerCertOwner, ["pass", "fail", "skip"]);
