import { tlsAuthOnTcp } from "./tls-auth-on-tcp.js";
import { testRuleAgainstCases } from "./testdata/case-runner.js";

testRuleAgainstCases(tlsAuthOnTcp, ["pass", "fail", "skip"]);
