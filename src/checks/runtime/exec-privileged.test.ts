import { execPrivileged } from "./exec-privileged.js";
import { ruleCases } from "./testdata/cases.js";

ruleCases(execPrivileged);
