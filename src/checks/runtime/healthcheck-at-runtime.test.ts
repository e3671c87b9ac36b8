import { healthcheckAtRuntime } from "./healthcheck-at-runtime.js";
import { ruleCases } from "./testdata/cases.js";

ruleCases(healthcheckAtRuntime);
