import { tlsServerKeyOwner } from "./tls-server-key-owner.js";
import { testRuleAgainstCases } from "./testdata/case-runner.js";

testRuleAgainstCases(tlsServerKeyOwner, ["pass", "fail", "skip"]);
