import { noDmBasesize } from "./no-dm-basesize.js";
import { testRuleAgainstCases } from "./testdata/case-runner.js";

testRuleAgainstCases(noDmBasesize, ["pass", "fail"]);
