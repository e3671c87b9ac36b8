import { defaultUlimits } from "./default-ulimits.js";
import { ruleCases } from "./testdata/cases.js";

ruleCases(defaultUlimits);
