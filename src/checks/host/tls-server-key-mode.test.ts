import { tlsServerKeyMode } from "./tls-server-key-mode.js";
import { testRuleAgainstCases } from "./testdata/case-runner.js";

testRuleAgainstCases(tlsServerKeyMode, ["pass", "fail", "skip"]);
