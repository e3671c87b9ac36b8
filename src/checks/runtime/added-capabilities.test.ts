import { addedCapabilities } from "./added-capabilities.js";
import { ruleCases } from "./testdata/cases.js";

ruleCases(addedCapabilities);
