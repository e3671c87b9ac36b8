import { privileged } from "./privileged.js";
import { ruleCases } from "./testdata/cases.js";

ruleCases(privileged);
