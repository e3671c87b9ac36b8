import { auditDockerService } from "./audit-docker-service.js";
import { testRuleAgainstCases } from "./testdata/case-runner.js";

testRuleAgainstCases(auditDockerService, ["pass", "fail", "skip"]);
