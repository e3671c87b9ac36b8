import { cgroupParentDefault } from "./cgroup-parent-default.js";
import { testRuleAgainstCases } from "./testdata/case-runner.js";

testRuleAgainstCases(cgroupParentDefault, ["pass", "fail"]);
