import { hostUserns } from "./host-userns.js";
import { ruleCases } from "./testdata/cases.js";

ruleCases(hostUserns);
