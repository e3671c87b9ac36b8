import { neededPortsOnly } from "./needed-ports-only.js";
import { ruleCases } from "./testdata/cases.js";

ruleCases(neededPortsOnly);
