import { hostHardened } from "./host-hardened.js";
import { testRuleAgainstCases } from "./testdata/case-runner.js";

testRuleAgainstCases(hostHardened, ["manual"]);
