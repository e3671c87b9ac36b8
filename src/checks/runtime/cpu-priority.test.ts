import { cpuPriority } from "./cpu-priority.js";
import { ruleCases } from "./testdata/cases.js";

ruleCases(cpuPriority);
