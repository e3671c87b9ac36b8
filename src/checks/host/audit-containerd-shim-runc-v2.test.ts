import { auditContainerdShimRuncV2 } from "./audit-containerd-shim-runc-v2.js";
import { testRuleAgainstCases } from "./testdata/case-runner.js";

testRuleAgainstCases(auditContainerdShimRuncV2, ["pass", "fail", "skip"]);
