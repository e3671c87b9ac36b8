import { hostPid } from "./host-pid.js";
import { ruleCases } from "./testdata/cases.js";

ruleCases(hostPid);
