import { liveRestoreEnabled } from "./live-restore-enabled.js";
import { testRuleAgainstCases } from "./testdata/case-runner.js";

testRuleAgainstCases(liveRestoreEnabled, ["pass", "fail", "skip"]);
