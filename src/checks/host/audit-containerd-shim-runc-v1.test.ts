import { auditContainerdShimRuncV1 } from "./audit-containerd-shim-runc-v1.js";
import { testRuleAgainstCases } from "./testdata/case-runner.js";

testRuleAgainstCases(auditContainerdShimRuncV1, ["pass", "fail", "skip"]);
