import { separatePartition } from "./separate-partition.js";
import { testRuleAgainstCases } from "./testdata/case-runner.js";

testRuleAgainstCases(separatePartition, ["pass", "fail", "skip"]);
