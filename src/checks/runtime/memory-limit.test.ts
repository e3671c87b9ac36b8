import { memoryLimit } from "./memory-limit.js";
import { ruleCases } from "./testdata/cases.js";

ruleCases(memoryLimit);
