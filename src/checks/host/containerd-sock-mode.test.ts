import { containerdSockMode } from "./containerd-sock-mode.js";
import { testRuleAgainstCases } from "./testdata/case-runner.js";

testRuleAgainstCases(containerdSockMode, ["pass", "fail", "skip"]);
