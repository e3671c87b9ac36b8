import { noInsecureRegistries } from "./no-insecure-registries.js";
import { testRuleAgainstCases } from "./testdata/case-runner.js";

testRuleAgainstCases(noInsecureRegistries, ["pass", "fail"]);
