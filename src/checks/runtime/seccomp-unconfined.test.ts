import { seccompUnconfined } from "./seccomp-unconfined.js";
import { ruleCases } from "./testdata/cases.js";

ruleCases(seccompUnconfined);
