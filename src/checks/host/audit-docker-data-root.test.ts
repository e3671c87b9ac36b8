import { auditDockerDataRoot } from "./audit-docker-data-root.js";
import { testRuleAgainstCases } from "./testdata/case-runner.js";

testRuleAgainstCases(auditDockerDataRoot, ["pass", "fail", "skip"]);
