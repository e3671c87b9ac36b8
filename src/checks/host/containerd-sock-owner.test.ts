import { containerdSockOwner } from "./containerd-sock-owner.js";
import { testRuleAgainstCases } from "./testdata/case-runner.js";

testRuleAgainstCases(containerdSockOwner, ["pass", "fail", "skip"]);
