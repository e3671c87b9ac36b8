import { tlsServerCertMode } from "./tls-server-cert-mode.js";
import { testRuleAgainstCases } from "./testdata/case-runner.js";

testRuleAgainstCases(tlsServerCertMode, ["pass", "fail", "skip"]);
