import { auditDockerSocket } from "./audit-docker-socket.js";
import { testRuleAgainstCases } from "./testdata/case-runner.js";

testRuleAgainstCases(auditDockerSocket, ["pass", "fail", "skip"]);
