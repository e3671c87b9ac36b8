import { pidsLimit } from "./pids-limit.js";
import { ruleCases } from "./testdata/cases.js";

ruleCases(pidsLimit);
