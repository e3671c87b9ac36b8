import { rootlessMode } from "./rootless-mode.js";
import { testRuleAgainstCases } from "./testdata/case-runner.js";

testRuleAgainstCases(rootlessMode, ["manual"]);
