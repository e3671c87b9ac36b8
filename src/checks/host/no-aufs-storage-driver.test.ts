import { noAufsStorageDriver } from "./no-aufs-storage-driver.js";
import { testRuleAgainstCases } from "./testdata/case-runner.js";

testRuleAgainstCases(noAufsStorageDriver, ["pass", "fail"]);
